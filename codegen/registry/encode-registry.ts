/**
 * Turns resolved models into the packed tables of `src/generated/registry/data.ts`: a string
 * table, the distinct resolved types, and the path tree as a flat number array (one node per
 * line, sorted by path so that a parent always precedes its children and the output is stable).
 */
import { BUILTIN_TYPES, STATUSES, type RawModel, type Status } from './read-model.js';
import type { ResolvedType, TypeResolver } from './resolve-types.js';
import { ACCESS, ACTIVE_NOTIFY, FLAG, NODE_KINDS, TYPE_FLAG } from './format.js';

type NodeKind = (typeof NODE_KINDS)[number];

interface TreeNode {
  path: string;
  name: string;
  parentPath: string | undefined;
  kind: NodeKind;
  access: string;
  status: Status;
  /** Set on parameters only. */
  parameter?: { type: ResolvedType; activeNotify: string; hidden: boolean; secured: boolean; command: boolean; forcedInform: boolean };
}

/** A model to place in the tree, with the prefix its relative object names get (service models). */
export interface PlacedModel { model: RawModel; resolver: TypeResolver; prefix: string }

const STATUS_RANK: Readonly<Record<Status, number>> = { current: 0, deprecated: 1, obsoleted: 2, deleted: 3 };

function worse(a: Status, b: Status): Status {
  return STATUS_RANK[a] >= STATUS_RANK[b] ? a : b;
}

function indexIn(list: readonly string[], value: string, what: string, where: string): number {
  const i = list.indexOf(value);
  if (i < 0) throw new Error(`${where}: unknown ${what} "${value}"`);
  return i;
}

/** Splits an object name `A.B.{i}.` into its segments `A`, `B`, `{i}`. */
function segments(objectName: string): string[] {
  if (!objectName.endsWith('.')) throw new Error(`object name "${objectName}" does not end with "."`);
  return objectName.slice(0, -1).split('.');
}

export class RegistryEncoder {
  readonly #nodes = new Map<string, TreeNode>();
  readonly #definedObjects = new Set<string>();

  /** Adds every object and parameter of a model under its prefix. */
  add({ model, resolver, prefix }: PlacedModel): void {
    for (const object of model.objects) {
      const objectPath = prefix + object.name;
      const parts = segments(objectPath);
      let path = '';
      let parentPath: string | undefined;
      for (const [i, part] of parts.entries()) {
        path += `${part}.`;
        if (!this.#nodes.has(path)) {
          // Intermediate levels the model never names itself: `Device.IP.Interface.` above `{i}.`.
          const kind: NodeKind = part === '{i}' ? 'row' : parts[i + 1] === '{i}' ? 'table' : 'object';
          this.#nodes.set(path, { path, name: part, parentPath, kind, access: 'readOnly', status: 'current' });
        }
        parentPath = path;
      }
      const node = this.#nodes.get(objectPath);
      if (node === undefined) throw new Error(`${model.file}: lost object ${objectPath}`);
      if (this.#definedObjects.has(objectPath)) throw new Error(`${model.file}: object ${objectPath} defined twice`);
      this.#definedObjects.add(objectPath);
      node.access = indexIn(['readOnly', 'readWrite'], object.access, 'object access', `${model.file}: ${objectPath}`) === 1 ? 'readWrite' : 'readOnly';
      node.status = object.status;
      if (node.kind === 'row') {
        // AddObject and DeleteObject address the table (`X.`), so its writability is the row's.
        const table = node.parentPath === undefined ? undefined : this.#nodes.get(node.parentPath);
        if (table !== undefined) {
          table.kind = 'table';
          table.access = node.access;
          table.status = node.status;
        }
      }
      for (const p of object.parameters) {
        const paramPath = objectPath + p.name;
        if (this.#nodes.has(paramPath)) throw new Error(`${model.file}: parameter ${paramPath} defined twice`);
        const type = resolver.resolveSyntax(p.syntax, paramPath);
        this.#nodes.set(paramPath, {
          path: paramPath,
          name: p.name,
          parentPath: objectPath,
          kind: 'parameter',
          access: p.access,
          status: worse(p.status, object.status),
          parameter: { type, activeNotify: p.activeNotify, hidden: p.hidden, secured: p.secured, command: p.command, forcedInform: p.forcedInform },
        });
      }
    }
  }

  /** The text of `data.ts`, after `header`. */
  encode(header: string): string {
    const strings: string[] = [];
    const stringIds = new Map<string, number>();
    const str = (s: string | undefined): number => {
      if (s === undefined) return -1;
      let id = stringIds.get(s);
      if (id === undefined) {
        id = strings.push(s) - 1;
        stringIds.set(s, id);
      }
      return id;
    };
    const typeLines: string[] = [];
    const typeIds = new Map<string, number>();
    const typeOf = (t: ResolvedType, where: string): number => {
      const f = t.facets;
      for (const p of f.patterns) {
        try {
          new RegExp(`^(?:${p})$`, 'u');
        } catch (err) {
          throw new Error(`${where}: pattern "${p}" is not a JavaScript regular expression: ${(err as Error).message}`, { cause: err });
        }
      }
      const packed = [
        indexIn(BUILTIN_TYPES, t.base, 'base type', where),
        str(t.named),
        str(f.units),
        f.sizes.flatMap((s) => [s.minLength ?? null, s.maxLength ?? null]),
        f.ranges.flatMap((r) => [r.min ?? null, r.max ?? null, r.step ?? null]),
        f.enumerations.map((e) => str(e.value)),
        f.enumerations.filter((e) => e.readOnly).map((e) => str(e.value)),
        f.patterns.map(str),
        t.list === undefined ? [] : [t.list.minItems ?? null, t.list.maxItems ?? null, ...t.list.sizes.flatMap((s) => [s.minLength ?? null, s.maxLength ?? null])],
        str(f.enumerationRef),
        (f.pathRef === true ? TYPE_FLAG.PATH_REF : 0) | (t.nestedList === true ? TYPE_FLAG.NESTED_LIST : 0),
      ];
      const line = JSON.stringify(packed);
      let id = typeIds.get(line);
      if (id === undefined) {
        id = typeLines.push(line) - 1;
        typeIds.set(line, id);
      }
      return id;
    };

    const sorted = [...this.#nodes.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const nodeIndex = new Map<string, number>();
    const nodeLines: string[] = [];
    for (const [i, node] of sorted.entries()) {
      nodeIndex.set(node.path, i);
      const parent = node.parentPath === undefined ? -1 : nodeIndex.get(node.parentPath);
      if (parent === undefined) throw new Error(`registry: ${node.path} sorted before its parent ${node.parentPath ?? ''}`);
      const p = node.parameter;
      let flags =
        (NODE_KINDS.indexOf(node.kind) << FLAG.KIND_SHIFT) |
        (indexIn(ACCESS, node.access, 'access', node.path) << FLAG.ACCESS_SHIFT) |
        (STATUSES.indexOf(node.status) << FLAG.STATUS_SHIFT);
      let type = -1;
      if (p !== undefined) {
        flags |= indexIn(ACTIVE_NOTIFY, p.activeNotify, 'activeNotify', node.path) << FLAG.NOTIFY_SHIFT;
        if (p.hidden) flags |= FLAG.HIDDEN;
        if (p.secured) flags |= FLAG.SECURED;
        if (p.command) flags |= FLAG.COMMAND;
        if (p.forcedInform) flags |= FLAG.FORCED_INFORM;
        type = typeOf(p.type, node.path);
      }
      nodeLines.push(`${parent},${str(node.name)},${flags},${type},`);
    }

    return `${header}
import type { PackedType } from './format.js';

/** Every name, type name, unit, enumeration value and pattern, referenced by index. */
export const STRINGS: readonly string[] = [
${strings.map((s) => `${JSON.stringify(s)},`).join('\n')}
];

/** The distinct resolved parameter types (see PackedType). */
export const TYPES: readonly PackedType[] = [
${typeLines.map((l) => `${l},`).join('\n')}
];

/** The path tree, NODE_STRIDE numbers per node, sorted by path pattern. */
export const NODES: readonly number[] = [
${nodeLines.join('\n')}
];
`;
  }
}
