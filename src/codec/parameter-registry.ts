/**
 * The parameter registry: what the data models (TR-181 Device:2.19, TR-098 InternetGatewayDevice:1,
 * TR-104 VoiceService:2 under `Device.Services.` and `InternetGatewayDevice.Services.`) say about a
 * concrete path. The packed tables in `src/generated/registry/` (`npm run codegen`) are unpacked,
 * branch by branch as lookups first reach them, into a trie over path segments; instance numbers,
 * `{i}`, `*` and `[alias]` all walk a node's instance edge, so a lookup is one Map get per segment,
 * with no regex and no allocation.
 */
import { NODES, STRINGS, TYPES } from '../generated/registry/data.js';
import {
  ACCESS,
  ACTIVE_NOTIFY,
  BASE_TYPES,
  FLAG,
  NODE_KINDS,
  NODE_STRIDE,
  STATUSES,
  TYPE_FLAG,
  XSI_TYPES,
  type PackedType,
} from '../generated/registry/format.js';

export type BaseType = (typeof BASE_TYPES)[number];
export type XsiType = (typeof XSI_TYPES)[number];
export type Access = (typeof ACCESS)[number];
export type ModelStatus = (typeof STATUSES)[number];
export type ActiveNotify = (typeof ACTIVE_NOTIFY)[number];

/** One allowed length interval (characters for strings, octets for hexBinary and base64). */
export interface SizeRange {
  readonly minLength?: number;
  readonly maxLength?: number;
}

/** One allowed numeric interval; `step` is relative to `min` (or 0). */
export interface ValueRange {
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
}

/** A list-valued parameter: on the wire one comma-separated string of items of the parameter's type. */
export interface ListInfo {
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Allowed lengths of the whole comma-separated string (alternatives). */
  readonly sizes: readonly SizeRange[];
  /** Items are bracketed lists themselves (`[1,2],[3,4]`); items are then not checked one by one. */
  readonly nested: boolean;
}

/** What the data model says about one parameter. Facet arrays list alternatives (any one may hold). */
export interface ParameterInfo {
  readonly isObject: false;
  /** The path pattern, `{i}` for each instance level: `Device.IP.Interface.{i}.Stats.BytesSent`. */
  readonly path: string;
  /** Resolved built-in type; for a list, the type of each item. */
  readonly type: BaseType;
  /** `xsi:type` to send in SetParameterValues: `xsd:string` for lists, else the type's own. */
  readonly xsiType: XsiType;
  readonly access: Access;
  /** The named data type the model uses (`StatsCounter64`, `IPv4Address`), if any. */
  readonly namedType: string | undefined;
  readonly sizes: readonly SizeRange[];
  readonly ranges: readonly ValueRange[];
  readonly enumerations: readonly string[];
  /** Enumeration values the ACS may not write (the CPE reports them, e.g. DiagnosticsState `Complete`). */
  readonly readOnlyEnumerations: readonly string[];
  /** XSD regular expressions (unanchored text; the whole value must match one of them). */
  readonly patterns: readonly string[];
  readonly units: string | undefined;
  readonly list: ListInfo | undefined;
  /** The value is a path (or list of paths) to other objects or parameters. */
  readonly pathRef: boolean;
  /** Allowed values are the current value of this (relative) list-valued parameter. */
  readonly enumerationRef: string | undefined;
  readonly status: Exclude<ModelStatus, 'deleted'>;
  readonly activeNotify: ActiveNotify;
  /** Reads return an empty string (`hidden`) or nothing usable (`secured`): passwords and keys. */
  readonly hidden: boolean;
  readonly secured: boolean;
  /** Writing triggers an action; reads return a default, not the value written. */
  readonly command: boolean;
  readonly forcedInform: boolean;
}

/** What the data model says about an object path (`…​.` partial path). */
export interface ObjectInfo {
  readonly isObject: true;
  /** `Device.IP.Interface.` (a table: AddObject target), `Device.IP.Interface.{i}.` (a row) or `Device.IP.` */
  readonly path: string;
  readonly kind: 'object' | 'table' | 'row';
  /** For tables and rows, readWrite means the ACS may add and delete rows. */
  readonly access: 'readOnly' | 'readWrite';
  readonly status: Exclude<ModelStatus, 'deleted'>;
}

export type RegistryEntry = ParameterInfo | ObjectInfo;

class TrieNode {
  /** Named children by segmentKey of their name; names with the same key chain through `sibling`. */
  children: Map<number, TrieNode> | undefined = undefined;
  sibling: TrieNode | undefined = undefined;
  instance: TrieNode | undefined = undefined;
  /** False until the children are made, on the first walk through this node. */
  expanded = false;
  /** Built on first use too. */
  entry: RegistryEntry | undefined = undefined;
  constructor(
    /** Index in NODES (-1 for the root above `Device.` and `InternetGatewayDevice.`). */
    readonly index: number,
    readonly parent: TrieNode | undefined,
    readonly name: string,
    readonly flags: number,
    readonly typeIndex: number,
  ) {
    this.isParameter = ((flags >> FLAG.KIND_SHIFT) & FLAG.TWO_BITS) === KIND_PARAMETER;
    this.deleted = ((flags >> FLAG.STATUS_SHIFT) & FLAG.TWO_BITS) === STATUS_DELETED;
  }

  readonly isParameter: boolean;
  /** Deleted from the model: known to old firmware, not part of the typed registry. */
  readonly deleted: boolean;
}

const STATUS_DELETED = STATUSES.indexOf('deleted');
const KIND_PARAMETER = NODE_KINDS.indexOf('parameter');

type TypeFields = Omit<ParameterInfo, 'isObject' | 'path' | 'access' | 'status' | 'activeNotify' | 'hidden' | 'secured' | 'command' | 'forcedInform'>;

function at<T>(list: readonly T[], i: number, what: string): T {
  const v = list[i];
  if (v === undefined) throw new Error(`parameter registry: ${what} index ${i} out of range; run npm run codegen`);
  return v;
}

function optionalString(i: number): string | undefined {
  return i < 0 ? undefined : at(STRINGS, i, 'string');
}

function sizesOf(flat: readonly (number | null)[], from: number): SizeRange[] {
  const out: SizeRange[] = [];
  for (let i = from; i + 1 < flat.length; i += 2) {
    const s: { minLength?: number; maxLength?: number } = {};
    const min = flat[i];
    const max = flat[i + 1];
    if (typeof min === 'number') s.minLength = min;
    if (typeof max === 'number') s.maxLength = max;
    out.push(s);
  }
  return out;
}

function unpackType(t: PackedType): TypeFields {
  const [base, named, units, sizes, ranges, enums, readOnlyEnums, patterns, list, enumerationRef, flags] = t;
  const type = at(BASE_TYPES, base, 'base type');
  const valueRanges: ValueRange[] = [];
  for (let i = 0; i + 2 < ranges.length; i += 3) {
    const r: { min?: number; max?: number; step?: number } = {};
    const [min, max, step] = [ranges[i], ranges[i + 1], ranges[i + 2]];
    if (typeof min === 'number') r.min = min;
    if (typeof max === 'number') r.max = max;
    if (typeof step === 'number') r.step = step;
    valueRanges.push(r);
  }
  let listInfo: ListInfo | undefined;
  if (list.length > 0) {
    const l: { minItems?: number; maxItems?: number; sizes: SizeRange[]; nested: boolean } = { sizes: sizesOf(list, 2), nested: (flags & TYPE_FLAG.NESTED_LIST) !== 0 };
    const [minItems, maxItems] = list;
    if (typeof minItems === 'number') l.minItems = minItems;
    if (typeof maxItems === 'number') l.maxItems = maxItems;
    listInfo = l;
  }
  return {
    type,
    xsiType: listInfo === undefined ? at(XSI_TYPES, base, 'xsi type') : 'xsd:string',
    namedType: optionalString(named),
    sizes: sizesOf(sizes, 0),
    ranges: valueRanges,
    enumerations: enums.map((i) => at(STRINGS, i, 'string')),
    readOnlyEnumerations: readOnlyEnums.map((i) => at(STRINGS, i, 'string')),
    patterns: patterns.map((i) => at(STRINGS, i, 'string')),
    units: optionalString(units),
    list: listInfo,
    pathRef: (flags & TYPE_FLAG.PATH_REF) !== 0,
    enumerationRef: optionalString(enumerationRef),
  };
}

const unpackedTypes: (TypeFields | undefined)[] = [];
function typeFields(i: number): TypeFields {
  return (unpackedTypes[i] ??= unpackType(at(TYPES, i, 'type')));
}

function pathOf(node: TrieNode): string {
  const parentPath = node.parent === undefined ? '' : entryOf(node.parent).path;
  return node.isParameter ? parentPath + node.name : `${parentPath}${node.name}.`;
}

/** The node's entry, made on first use (and shared by every later lookup). */
function entryOf(node: TrieNode): RegistryEntry {
  if (node.entry !== undefined) return node.entry;
  const flags = node.flags;
  const two = FLAG.TWO_BITS;
  const access = at(ACCESS, (flags >> FLAG.ACCESS_SHIFT) & two, 'access');
  const modelStatus = at(STATUSES, (flags >> FLAG.STATUS_SHIFT) & two, 'status');
  // Deleted nodes are never returned; their entries only serve as parents' paths.
  const status = modelStatus === 'deleted' ? 'obsoleted' : modelStatus;
  let entry: RegistryEntry;
  if (node.isParameter) {
    const t = typeFields(node.typeIndex);
    entry = {
      isObject: false,
      path: pathOf(node),
      type: t.type,
      xsiType: t.xsiType,
      access,
      namedType: t.namedType,
      sizes: t.sizes,
      ranges: t.ranges,
      enumerations: t.enumerations,
      readOnlyEnumerations: t.readOnlyEnumerations,
      patterns: t.patterns,
      units: t.units,
      list: t.list,
      pathRef: t.pathRef,
      enumerationRef: t.enumerationRef,
      status,
      activeNotify: at(ACTIVE_NOTIFY, (flags >> FLAG.NOTIFY_SHIFT) & two, 'activeNotify'),
      hidden: (flags & FLAG.HIDDEN) !== 0,
      secured: (flags & FLAG.SECURED) !== 0,
      command: (flags & FLAG.COMMAND) !== 0,
      forcedInform: (flags & FLAG.FORCED_INFORM) !== 0,
    };
  } else {
    const kind = at(NODE_KINDS, (flags >> FLAG.KIND_SHIFT) & two, 'kind');
    entry = { isObject: true, path: pathOf(node), kind: kind === 'parameter' ? 'object' : kind, access: access === 'readWrite' ? 'readWrite' : 'readOnly', status };
  }
  node.entry = entry;
  return entry;
}

/**
 * Makes the children of `node`. NODES is sorted by path, so it lists the tree in pre-order: the
 * subtree of node n is the run after n whose parents are n or later. Expanding on first walk keeps
 * the start-up cost to parsing the tables; a process only ever builds the branches it looks up.
 */
function expand(node: TrieNode): void {
  node.expanded = true;
  const count = NODES.length / NODE_STRIDE;
  for (let n = node.index + 1, o = n * NODE_STRIDE; n < count; n++, o += NODE_STRIDE) {
    const parentIndex = NODES[o] ?? -1;
    if (parentIndex < node.index) break; // left the subtree
    if (parentIndex !== node.index) continue;
    const name = STRINGS[NODES[o + 1] ?? -1];
    if (name === undefined) throw new Error(`parameter registry: node ${n} has no name; run npm run codegen`);
    const child = new TrieNode(n, node.index < 0 ? undefined : node, name, NODES[o + 2] ?? 0, NODES[o + 3] ?? -1);
    if (name === '{i}') {
      node.instance = child;
    } else {
      const key = segmentKey(name, 0, name.length);
      node.children ??= new Map();
      child.sibling = node.children.get(key);
      node.children.set(key, child);
    }
  }
}

const ROOT = new TrieNode(-1, undefined, '', NODE_KINDS.indexOf('object') << FLAG.KIND_SHIFT, -1);

/** Builds the top of the trie now rather than on the first lookup (at start-up, to keep it off a request). */
export function loadParameterRegistry(): void {
  if (!ROOT.expanded) expand(ROOT);
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const STAR = 42;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/**
 * The key of a segment `path[start, end)` among its siblings: its length and its first, middle and
 * last characters, packed into a small integer. Computing it reads three characters, and the
 * candidate (rarely more than one) is confirmed with `startsWith`, so a lookup allocates nothing.
 */
function segmentKey(path: string, start: number, end: number): number {
  const length = end - start;
  return (length & 0xff) | ((path.charCodeAt(start) & 0x7f) << 8) | ((path.charCodeAt(start + (length >> 1)) & 0x7f) << 15) | ((path.charCodeAt(end - 1) & 0x7f) << 22);
}

/** True for an instance segment: a number, `{i}`, `*` or `[alias]`. */
function isInstanceSegment(path: string, start: number, end: number): boolean {
  const first = path.charCodeAt(start);
  if (first >= DIGIT_0 && first <= DIGIT_9) {
    for (let i = start + 1; i < end; i++) {
      const c = path.charCodeAt(i);
      if (c < DIGIT_0 || c > DIGIT_9) return false;
    }
    return true;
  }
  if (end - start === 1) return first === STAR;
  const last = path.charCodeAt(end - 1);
  if (first === OPEN_BRACKET) return last === CLOSE_BRACKET;
  return first === OPEN_BRACE && last === CLOSE_BRACE && end - start === 3 && path.charCodeAt(start + 1) === 105; // {i}
}

function findNode(path: string): TrieNode | undefined {
  let node: TrieNode | undefined = ROOT;
  const length = path.length;
  let start = 0;
  while (start < length) {
    const dot = path.indexOf('.', start);
    const end = dot < 0 ? length : dot;
    if (end === start) return undefined;
    if (!node.expanded) expand(node);
    const first = path.charCodeAt(start);
    // Names start with a letter (or `X_`), so most segments are told apart by their first character.
    if ((first <= DIGIT_9 || first === OPEN_BRACKET || first === OPEN_BRACE) && isInstanceSegment(path, start, end)) {
      node = node.instance;
    } else {
      let child = node.children?.get(segmentKey(path, start, end));
      while (child !== undefined && !(child.name.length === end - start && path.startsWith(child.name, start))) child = child.sibling;
      node = child;
    }
    if (node === undefined) return undefined;
    if (dot < 0) return node.isParameter ? node : undefined;
    start = dot + 1;
  }
  // The path ended with '.': only objects are named that way (the empty path names no object).
  return node.isParameter || node === ROOT ? undefined : node;
}

/**
 * What the data model says about a concrete path: a parameter (`Device.IP.Interface.3.Stats.BytesSent`)
 * or an object (partial path ending in `.`). Instance levels may be numbers, `{i}`, `*` or `[alias]`.
 * Undefined for vendor extensions (`X_…`), unknown names and names deleted from the models.
 */
export function lookupParameter(path: string): RegistryEntry | undefined {
  const node = findNode(path);
  return node === undefined || node.deleted ? undefined : entryOf(node);
}

/** True when the path names a parameter or object deleted from the models, which old firmware may still report. */
export function isLegacyPath(path: string): boolean {
  return findNode(path)?.deleted === true;
}

// ---- value validation ------------------------------------------------------------------------

const INT_BOUNDS: Readonly<Partial<Record<BaseType, readonly [bigint, bigint]>>> = {
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  unsignedInt: [0n, 2n ** 32n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  unsignedLong: [0n, 2n ** 64n - 1n],
};
const INTEGER = /^[+-]?\d+$/;
const DATE_TIME = /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX = /^(?:[0-9A-Fa-f]{2})*$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const MAX_LISTED_VALUES = 8;

const compiledPatterns = new Map<string, RegExp>();
function patternRegExp(pattern: string): RegExp {
  let re = compiledPatterns.get(pattern);
  if (re === undefined) {
    // XSD patterns are implicitly anchored at both ends.
    re = new RegExp(`^(?:${pattern})$`, 'u');
    compiledPatterns.set(pattern, re);
  }
  return re;
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++; // low surrogates complete a pair counted at the high one
  }
  return n;
}

function describeSizes(sizes: readonly SizeRange[]): string {
  return sizes.map((s) => (s.minLength === s.maxLength ? `${s.minLength ?? 0}` : `${s.minLength ?? 0}..${s.maxLength ?? '∞'}`)).join(' or ');
}

function checkSizes(sizes: readonly SizeRange[], length: number, unit: string): string | undefined {
  if (sizes.length === 0) return undefined;
  for (const s of sizes) if ((s.minLength === undefined || length >= s.minLength) && (s.maxLength === undefined || length <= s.maxLength)) return undefined;
  return `length ${length} ${unit} is outside ${describeSizes(sizes)}`;
}

function checkInteger(info: ParameterInfo, value: string, bounds: readonly [bigint, bigint]): string | undefined {
  if (!INTEGER.test(value)) return `"${value}" is not an ${info.type}`;
  const n = BigInt(value);
  if (n < bounds[0] || n > bounds[1]) return `${value} is outside the ${info.type} range ${bounds[0]}..${bounds[1]}`;
  if (info.ranges.length === 0) return undefined;
  for (const r of info.ranges) {
    if (r.min !== undefined && n < BigInt(r.min)) continue;
    if (r.max !== undefined && n > BigInt(r.max)) continue;
    if (r.step !== undefined && (n - BigInt(r.min ?? 0)) % BigInt(r.step) !== 0n) continue;
    return undefined;
  }
  const ranges = info.ranges.map((r) => `${r.min ?? ''}..${r.max ?? ''}${r.step === undefined ? '' : ` step ${r.step}`}`).join(' or ');
  return `${value} is outside ${ranges}`;
}

function checkScalar(info: ParameterInfo, value: string): string | undefined {
  const bounds = INT_BOUNDS[info.type];
  let problem: string | undefined;
  if (bounds !== undefined) {
    problem = checkInteger(info, value, bounds);
  } else {
    switch (info.type) {
      case 'boolean':
        if (value !== 'true' && value !== 'false' && value !== '1' && value !== '0') problem = `"${value}" is not a boolean (true, false, 1 or 0)`;
        break;
      case 'dateTime':
        if (!DATE_TIME.test(value)) problem = `"${value}" is not an ISO 8601 dateTime`;
        break;
      case 'decimal':
        if (!DECIMAL.test(value)) problem = `"${value}" is not a decimal`;
        break;
      case 'hexBinary':
        problem = HEX.test(value) ? checkSizes(info.sizes, value.length / 2, 'octets') : `"${value}" is not hexBinary (pairs of hex digits)`;
        break;
      case 'base64': {
        if (!BASE64.test(value)) problem = 'the value is not base64';
        else problem = checkSizes(info.sizes, (value.length / 4) * 3 - (value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0), 'decoded octets');
        break;
      }
      default:
        problem = checkSizes(info.sizes, codePointLength(value), 'characters');
    }
  }
  if (problem !== undefined) return problem;
  const { enumerations, patterns } = info;
  if (enumerations.length === 0 && patterns.length === 0) return undefined;
  if (enumerations.includes(value)) return undefined;
  for (const p of patterns) if (patternRegExp(p).test(value)) return undefined;
  if (patterns.length === 0) {
    const shown = enumerations.slice(0, MAX_LISTED_VALUES).join(', ');
    return `"${value}" is not one of ${shown}${enumerations.length > MAX_LISTED_VALUES ? `, … (${enumerations.length} values)` : ''}`;
  }
  return `"${value}" matches none of the patterns ${patterns.map((p) => `/${p}/`).join(' ')}${enumerations.length > 0 ? ' nor the enumerated values' : ''}`;
}

/**
 * Why `raw` (the wire string) is not a valid value of the parameter, or undefined when it is:
 * checks the type's lexical form and bounds, sizes, ranges, enumerations and patterns, and for
 * lists the whole length, the item count and each item. Pure; writability is not its concern.
 */
export function validateValue(info: ParameterInfo, raw: string): string | undefined {
  const list = info.list;
  if (list === undefined) return checkScalar(info, raw);
  const whole = checkSizes(list.sizes, codePointLength(raw), 'characters');
  if (whole !== undefined) return `list ${whole}`;
  let items = 0;
  if (list.nested) {
    items = raw === '' ? 0 : -1; // bracketed items are not counted or checked one by one
  } else if (raw !== '') {
    let start = 0;
    for (;;) {
      const comma = raw.indexOf(',', start);
      const item = raw.slice(start, comma < 0 ? raw.length : comma).trimStart();
      items++;
      const problem = checkScalar(info, item);
      if (problem !== undefined) return `item ${items}: ${problem}`;
      if (comma < 0) break;
      start = comma + 1;
    }
  }
  if (items >= 0 && list.minItems !== undefined && items < list.minItems) return `${items} items, fewer than ${list.minItems}`;
  if (items >= 0 && list.maxItems !== undefined && items > list.maxItems) return `${items} items, more than ${list.maxItems}`;
  return undefined;
}
