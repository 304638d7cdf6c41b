/**
 * Reads one BBF data-model XML file (DM schema 1.x) with `sax` into the plain structures the
 * registry generator needs: named data types, and the model's objects with their parameters and
 * syntax. Descriptions, profiles, bibliography and templates are skipped without collecting text.
 */
import { readFile } from 'node:fs/promises';
import sax from 'sax';

/** The built-in type elements of the DM schema (`AllBuiltinDataTypes`). */
export const BUILTIN_TYPES = ['string', 'boolean', 'int', 'unsignedInt', 'long', 'unsignedLong', 'dateTime', 'base64', 'hexBinary', 'decimal'] as const;
export type BuiltinType = (typeof BUILTIN_TYPES)[number];

export const STATUSES = ['current', 'deprecated', 'obsoleted', 'deleted'] as const;
export type Status = (typeof STATUSES)[number];

export interface SizeFacet { minLength?: number; maxLength?: number }
export interface RangeFacet { min?: number; max?: number; step?: number }
export interface EnumerationFacet { value: string; readOnly: boolean }

export interface Facets {
  sizes: SizeFacet[];
  ranges: RangeFacet[];
  enumerations: EnumerationFacet[];
  patterns: string[];
  units?: string;
  /** The value is a path (or list of paths) to other objects or parameters. */
  pathRef?: boolean;
  /** Allowed values are the current value of this (list-valued) parameter. */
  enumerationRef?: string;
}

export interface ListSpec { minItems?: number; maxItems?: number; nestedBrackets?: string; sizes: SizeFacet[] }

/** The content of a `syntax` element or of a top-level `dataType` definition. */
export interface TypeSpec {
  list?: ListSpec;
  builtin?: BuiltinType;
  /** Named type this one refers to (`dataType@ref`, `dataType@base`). */
  ref?: string;
  facets: Facets;
}

export interface RawParameter {
  name: string;
  access: string;
  status: Status;
  activeNotify: string;
  forcedInform: boolean;
  hidden: boolean;
  secured: boolean;
  command: boolean;
  syntax: TypeSpec;
}

export interface RawObject {
  name: string;
  access: string;
  status: Status;
  parameters: RawParameter[];
}

/** A named type pulled from another file (`<import file="…"><dataType name="A" ref="B"/></import>`). */
export interface TypeImport { file: string; ref: string }

export interface RawModel {
  file: string;
  /** Imported named types by local name; full files have none (their types are inlined). */
  imports: Map<string, TypeImport>;
  modelName: string;
  isService: boolean;
  dataTypes: Map<string, TypeSpec>;
  objects: RawObject[];
}

const DM_NAMESPACE = /^urn:broadband-forum-org:cwmp:datamodel-1-\d+$/;

function emptySpec(): TypeSpec {
  return { facets: { sizes: [], ranges: [], enumerations: [], patterns: [] } };
}

function intAttr(attrs: Record<string, sax.QualifiedAttribute>, name: string, file: string): number | undefined {
  const raw = attrs[name]?.value;
  if (raw === undefined || raw === 'unbounded') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${file}: ${name}="${raw}" is not an integer the registry can hold; extend the range encoding`);
  return n;
}

function statusOf(raw: string | undefined, where: string): Status {
  if (raw === undefined) return 'current';
  if ((STATUSES as readonly string[]).includes(raw)) return raw as Status;
  throw new Error(`${where}: unknown status "${raw}"`);
}

/**
 * Parses `path` and returns its model. Throws with the file and line on structural surprises.
 * With `typesOnly`, reads only the named data types of a types library (`tr-106-types.xml`).
 */
export async function readModel(path: string, options: { typesOnly?: boolean } = {}): Promise<RawModel> {
  const typesOnly = options.typesOnly === true;
  const xml = await readFile(path, 'utf8');
  const parser = sax.parser(true, { xmlns: true, position: true });
  const model: RawModel = { file: path, imports: new Map(), modelName: '', isService: false, dataTypes: new Map(), objects: [] };
  const stack: string[] = [];
  let skipDepth = 0; // > 0 while inside a subtree that is ignored (profile, description, …)
  let spec: TypeSpec | undefined; // the type container being filled
  let specDepth = 0;
  let inList = false;
  let listDepth = 0;
  let object: RawObject | undefined;
  let parameter: RawParameter | undefined;
  let models = 0;
  let importFile: string | undefined;
  const where = (): string => `${path}:${parser.line + 1}`;

  parser.onerror = (err) => {
    throw new Error(`${where()}: XML error: ${err.message}`);
  };
  // Library files (tr-106-types.xml) spell patterns with internal DTD entities (`&octet;`).
  parser.ondoctype = (doctype) => {
    const entities = parser.ENTITIES as Record<string, string>;
    for (const m of doctype.matchAll(/<!ENTITY\s+(\w+)\s+"([^"]*)"\s*>/g)) {
      const [, name, value] = m;
      if (name !== undefined && value !== undefined) entities[name] = value.replace(/&(\w+);/g, (all, ref: string) => entities[ref] ?? all);
    }
  };
  parser.onopentag = (node) => {
    const tag = node as sax.QualifiedTag;
    const name = tag.local;
    const attrs = tag.attributes;
    const depth = stack.push(name);
    if (skipDepth > 0) return;
    if (depth === 1) {
      if (name !== 'document' || !DM_NAMESPACE.test(tag.uri)) throw new Error(`${where()}: not a BBF data-model document (root ${tag.name} in ${tag.uri})`);
      return;
    }
    // Only elements without a namespace are DM content; the report schema's elements are hints.
    if (tag.uri !== '' || (typesOnly && depth === 2 && name !== 'dataType') || name === 'description' || name === 'profile' || name === 'bibliography' || name === 'template' || name === 'uniqueKey' || name === 'default') {
      skipDepth = depth;
      return;
    }
    if (spec !== undefined) {
      readTypeContent(spec, name, attrs, depth);
      return;
    }
    if (depth === 2 && name === 'dataType') {
      const typeName = attrs['name']?.value;
      if (typeName === undefined) throw new Error(`${where()}: top-level dataType without a name`);
      spec = emptySpec();
      const base = attrs['base']?.value;
      if (base !== undefined) spec.ref = base;
      specDepth = depth;
      model.dataTypes.set(typeName, spec);
    } else if (depth === 2 && name === 'import') {
      importFile = attrs['file']?.value;
    } else if (depth === 3 && stack[1] === 'import' && name === 'dataType' && importFile !== undefined) {
      const typeName = attrs['name']?.value;
      if (typeName !== undefined) model.imports.set(typeName, { file: importFile, ref: attrs['ref']?.value ?? typeName });
    } else if (depth === 2 && name === 'model') {
      models++;
      model.modelName = attrs['name']?.value ?? '';
      model.isService = attrs['isService']?.value === 'true';
    } else if (depth === 3 && name === 'object' && stack[1] === 'model') {
      const objectName = attrs['name']?.value;
      if (objectName === undefined) throw new Error(`${where()}: object without a name (only full data-model files are supported)`);
      object = { name: objectName, access: attrs['access']?.value ?? 'readOnly', status: statusOf(attrs['status']?.value, where()), parameters: [] };
      model.objects.push(object);
    } else if (depth === 4 && name === 'parameter' && object !== undefined) {
      const paramName = attrs['name']?.value;
      if (paramName === undefined) throw new Error(`${where()}: parameter without a name`);
      parameter = {
        name: paramName,
        access: attrs['access']?.value ?? 'readOnly',
        status: statusOf(attrs['status']?.value, where()),
        activeNotify: attrs['activeNotify']?.value ?? 'normal',
        forcedInform: attrs['forcedInform']?.value === 'true',
        hidden: false,
        secured: false,
        command: false,
        syntax: emptySpec(),
      };
      object.parameters.push(parameter);
    } else if (depth === 5 && name === 'syntax' && parameter !== undefined) {
      parameter.hidden = attrs['hidden']?.value === 'true';
      parameter.secured = attrs['secured']?.value === 'true';
      parameter.command = attrs['command']?.value === 'true';
      spec = parameter.syntax;
      specDepth = depth;
    } else if (depth <= 3) {
      // component (non-full files) or unknown top-level content: not supported, say so.
      if (name === 'component') throw new Error(`${where()}: components are only in non-full files; generate from the -full.xml file`);
    }
  };
  parser.onclosetag = () => {
    const depth = stack.length;
    stack.pop();
    if (skipDepth > 0) {
      if (depth === skipDepth) skipDepth = 0;
      return;
    }
    if (spec !== undefined && depth === specDepth) spec = undefined;
    if (inList && depth === listDepth) inList = false;
    if (depth === 4) parameter = undefined;
    if (depth === 3) object = undefined;
  };

  function readTypeContent(target: TypeSpec, name: string, attrs: Record<string, sax.QualifiedAttribute>, depth: number): void {
    if (name === 'list') {
      target.list = { sizes: [] };
      const minItems = intAttr(attrs, 'minItems', where());
      const maxItems = intAttr(attrs, 'maxItems', where());
      if (minItems !== undefined) target.list.minItems = minItems;
      if (maxItems !== undefined) target.list.maxItems = maxItems;
      const nested = attrs['nestedBrackets']?.value;
      if (nested !== undefined) target.list.nestedBrackets = nested;
      inList = true;
      listDepth = depth;
      return;
    }
    if ((BUILTIN_TYPES as readonly string[]).includes(name)) {
      target.builtin = name as BuiltinType;
      return;
    }
    if (name === 'dataType') {
      const ref = attrs['ref']?.value ?? attrs['base']?.value;
      if (ref === undefined) throw new Error(`${where()}: dataType use without ref or base`);
      target.ref = ref;
      return;
    }
    if (attrs['status']?.value === 'deleted') return;
    const facets = target.facets;
    switch (name) {
      case 'size': {
        const size: SizeFacet = {};
        const minLength = intAttr(attrs, 'minLength', where());
        const maxLength = intAttr(attrs, 'maxLength', where());
        if (minLength !== undefined) size.minLength = minLength;
        if (maxLength !== undefined) size.maxLength = maxLength;
        (inList && depth === listDepth + 1 && target.list !== undefined ? target.list.sizes : facets.sizes).push(size);
        return;
      }
      case 'range': {
        const range: RangeFacet = {};
        const min = intAttr(attrs, 'minInclusive', where());
        const max = intAttr(attrs, 'maxInclusive', where());
        const step = intAttr(attrs, 'step', where());
        if (min !== undefined) range.min = min;
        if (max !== undefined) range.max = max;
        if (step !== undefined && step !== 1) range.step = step;
        facets.ranges.push(range);
        return;
      }
      case 'enumeration': {
        const value = attrs['value']?.value;
        if (value === undefined) throw new Error(`${where()}: enumeration without a value`);
        facets.enumerations.push({ value, readOnly: attrs['access']?.value === 'readOnly' });
        return;
      }
      case 'pattern': {
        const value = attrs['value']?.value;
        if (value === undefined) throw new Error(`${where()}: pattern without a value`);
        facets.patterns.push(value);
        return;
      }
      case 'units': {
        const value = attrs['value']?.value;
        if (value !== undefined) facets.units = value;
        return;
      }
      case 'pathRef':
        facets.pathRef = true;
        return;
      case 'enumerationRef': {
        const target = attrs['targetParam']?.value;
        if (target !== undefined) facets.enumerationRef = target;
        return;
      }
      case 'instanceRef':
        return;
      default:
        throw new Error(`${where()}: unexpected <${name}> in a type; teach codegen/registry/read-model.ts about it`);
    }
  }

  parser.write(xml).close();
  if (models !== 1 && !typesOnly) throw new Error(`${path}: expected exactly one <model>, found ${models}`);
  return model;
}
