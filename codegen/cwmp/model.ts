/**
 * The message model codegen builds from the CWMP XSDs: structs with typed fields, the RPC
 * messages (top-level elements with a complex type) and the SOAP header elements (top-level
 * elements with simple content). Everything the emitters write comes from this model.
 */
import { readSchemaSet, type XsdNode } from './xsd-tree.js';

export type ScalarType =
  | 'string'
  | 'int'
  | 'unsignedInt'
  | 'long'
  | 'unsignedLong'
  | 'boolean'
  | 'dateTime'
  | 'base64'
  | 'hexBinary'
  | 'anySimpleType';

export interface ScalarRef {
  kind: 'scalar';
  scalar: ScalarType;
  /** maxLength (or length) facet from the XSD, when it states one. */
  maxLength?: number;
}
export interface StructRef {
  kind: 'struct';
  struct: string;
}
/** An abstract struct (`OperationStruct`): each item is one of the concrete extensions. */
export interface PolyRef {
  kind: 'poly';
  base: string;
  subtypes: string[];
}
/** A SOAP-encoded array: one wrapper element with `itemName` children. */
export interface ArrayRef {
  kind: 'array';
  itemName: string;
  item: ScalarRef | StructRef | PolyRef;
  minItems: number;
  /** maxOccurs of the item, or Infinity for unbounded. */
  maxItems: number;
}
export type FieldType = ScalarRef | StructRef | PolyRef | ArrayRef;

export interface FieldModel {
  name: string;
  type: FieldType;
  minOccurs: number;
  maxOccurs: number;
  /** Value taken when the element is absent although the XSD requires it (real CPEs omit it). */
  lenientDefault?: string;
}

export interface StructModel {
  name: string;
  fields: FieldModel[];
}

export type CwmpVersion = '1.0' | '1.1' | '1.2' | '1.3' | '1.4';

export interface MessageModel {
  name: string;
  /** CWMP version whose schema first defines it. */
  since: CwmpVersion;
  struct: StructModel;
}

export interface HeaderModel {
  name: string;
  scalar: ScalarRef;
  since: CwmpVersion;
  /** mustUnderstand value the encoder writes (XSD `fixed`, or the value its notes ask for). */
  mustUnderstand: '0' | '1' | undefined;
}

export interface CwmpModel {
  structs: StructModel[];
  messages: MessageModel[];
  headers: HeaderModel[];
}

/** Schema files in version order; each later one defines a superset of the earlier messages. */
export const SCHEMA_FILES: ReadonlyArray<readonly [CwmpVersion, string]> = [
  ['1.0', 'cwmp-1-0.xsd'],
  ['1.1', 'cwmp-1-1.xsd'],
  ['1.2', 'cwmp-1-2.xsd'],
  ['1.3', 'cwmp-1-3.xsd'],
  ['1.4', 'cwmp-1-4.xsd'],
];

/**
 * Elements the XSD marks required that deployed CPEs leave out; the decoder fills these in
 * instead of refusing the message. Kept small on purpose: each entry is a field seen missing.
 */
const LENIENT_DEFAULTS: Readonly<Record<string, string>> = {
  'EventStruct.CommandKey': '',
  'ParameterValueStruct.Value': '',
  'Fault.FaultString': '',
  'SetParameterValuesFaultStruct.FaultString': '',
};

/** mustUnderstand values from the XSD notes where the schema cannot fix them (SOAP 1.1 problems). */
const MUST_UNDERSTAND_NOTES: Readonly<Record<string, '0' | '1'>> = { SupportedCWMPVersions: '0', UseCWMPVersion: '1' };

const XS_TYPES: Readonly<Record<string, ScalarType>> = {
  string: 'string',
  anyURI: 'string',
  token: 'string',
  normalizedString: 'string',
  int: 'int',
  unsignedInt: 'unsignedInt',
  long: 'long',
  unsignedLong: 'unsignedLong',
  boolean: 'boolean',
  dateTime: 'dateTime',
  base64Binary: 'base64',
  hexBinary: 'hexBinary',
  anySimpleType: 'anySimpleType',
};

function local(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}
function prefixOf(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? '' : qname.slice(0, colon);
}
function child(node: XsdNode, name: string): XsdNode | undefined {
  return node.children.find((c) => c.name === name);
}
function occurs(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  return value === 'unbounded' ? Infinity : Number(value);
}

class ModelBuilder {
  private readonly simpleTypes = new Map<string, XsdNode>();
  private readonly complexTypes = new Map<string, XsdNode>();
  readonly elements = new Map<string, XsdNode>();
  readonly structs = new Map<string, StructModel>();

  constructor(definitions: XsdNode[]) {
    for (const d of definitions) {
      const name = d.attrs.name;
      if (name === undefined) continue;
      // First definition wins: included files come first and redefinitions are not applied.
      const map = d.name === 'simpleType' ? this.simpleTypes : d.name === 'complexType' ? this.complexTypes : d.name === 'element' ? this.elements : undefined;
      if (map !== undefined && !map.has(name)) map.set(name, d);
    }
  }

  scalarOfName(qname: string, where: string): ScalarRef {
    const name = local(qname);
    const prefix = prefixOf(qname);
    if (prefix === 'soapenc' && name === 'base64') return { kind: 'scalar', scalar: 'base64' };
    if (prefix === 'xs' || prefix === 'xsd') {
      const scalar = XS_TYPES[name];
      if (scalar === undefined) throw new Error(`${where}: XML Schema type ${qname} is not mapped; add it to XS_TYPES in codegen/cwmp/model.ts`);
      return { kind: 'scalar', scalar };
    }
    const node = this.simpleTypes.get(name);
    if (node === undefined) throw new Error(`${where}: unknown simple type ${qname}`);
    return this.scalarOf(node, where);
  }

  scalarOf(simpleType: XsdNode, where: string): ScalarRef {
    const restriction = child(simpleType, 'restriction');
    if (restriction !== undefined) {
      const inline = child(restriction, 'simpleType');
      const base = restriction.attrs.base !== undefined ? this.scalarOfName(restriction.attrs.base, where) : inline !== undefined ? this.scalarOf(inline, where) : undefined;
      if (base === undefined) throw new Error(`${where}: restriction without a base`);
      const facet = child(restriction, 'maxLength') ?? child(restriction, 'length');
      const maxLength = facet?.attrs.value !== undefined ? Number(facet.attrs.value) : base.maxLength;
      return maxLength === undefined ? { kind: 'scalar', scalar: base.scalar } : { kind: 'scalar', scalar: base.scalar, maxLength };
    }
    const union = child(simpleType, 'union');
    if (union !== undefined) {
      // CWMP unions join fault-code ranges of one base type; the first member stands for all.
      const members = union.children.filter((c) => c.name === 'simpleType').map((m) => this.scalarOf(m, where));
      const first = members[0];
      if (first === undefined || members.some((m) => m.scalar !== first.scalar)) throw new Error(`${where}: union of different base types`);
      return { kind: 'scalar', scalar: first.scalar };
    }
    throw new Error(`${where}: simple type form not supported`);
  }

  private subtypesOf(base: string): string[] {
    const out: string[] = [];
    for (const [name, node] of this.complexTypes) {
      const ext = child(child(node, 'complexContent') ?? node, 'extension');
      if (ext !== undefined && local(ext.attrs.base ?? '') === base) out.push(name);
    }
    return out.sort();
  }

  /** The field type of a complex type by name: an array, an abstract struct, or a struct. */
  complexRef(name: string, where: string): FieldType {
    const node = this.complexTypes.get(name);
    if (node === undefined) throw new Error(`${where}: unknown complex type ${name}`);
    const array = this.arrayOf(node, where);
    if (array !== undefined) return array;
    if (node.attrs.abstract === 'true') {
      this.struct(name, node);
      const subtypes = this.subtypesOf(name);
      for (const s of subtypes) this.struct(s, this.complexTypes.get(s) as XsdNode);
      return { kind: 'poly', base: name, subtypes };
    }
    this.struct(name, node);
    return { kind: 'struct', struct: name };
  }

  private arrayOf(complexType: XsdNode, where: string): ArrayRef | undefined {
    const restriction = child(child(complexType, 'complexContent') ?? complexType, 'restriction');
    if (restriction === undefined || local(restriction.attrs.base ?? '') !== 'Array') return undefined;
    const item = child(child(restriction, 'sequence') ?? restriction, 'element');
    if (item === undefined || item.attrs.name === undefined) throw new Error(`${where}: SOAP array without an item element`);
    const type = this.elementType(item, `${where}/${item.attrs.name}`, `${item.attrs.name}`);
    if (type.kind === 'array') throw new Error(`${where}: arrays of arrays are not supported`);
    return { kind: 'array', itemName: item.attrs.name, item: type, minItems: occurs(item.attrs.minOccurs, 1), maxItems: occurs(item.attrs.maxOccurs, 1) };
  }

  /** The type of an element declaration (`type=` or an inline simple/complex type). */
  elementType(element: XsdNode, where: string, anonymousName: string): FieldType {
    const typeName = element.attrs.type;
    if (typeName !== undefined) {
      const name = local(typeName);
      if (prefixOf(typeName) === 'tns' && this.complexTypes.has(name)) return this.complexRef(name, where);
      return this.scalarOfName(typeName, where);
    }
    const simple = child(element, 'simpleType');
    if (simple !== undefined) return this.scalarOf(simple, where);
    const complex = child(element, 'complexType');
    if (complex !== undefined) {
      const array = this.arrayOf(complex, where);
      if (array !== undefined) return array;
      this.struct(anonymousName, complex);
      return { kind: 'struct', struct: anonymousName };
    }
    // No type at all means xs:anyType; CWMP uses it nowhere, but a text value is the safe reading.
    return { kind: 'scalar', scalar: 'anySimpleType' };
  }

  private fieldsOf(complexType: XsdNode, structName: string): FieldModel[] {
    const content = child(complexType, 'complexContent');
    const extension = content !== undefined ? child(content, 'extension') : undefined;
    const base = extension !== undefined ? this.struct(local(extension.attrs.base ?? ''), this.complexTypes.get(local(extension.attrs.base ?? '')) as XsdNode).fields : [];
    const sequence = child(extension ?? complexType, 'sequence');
    const own = (sequence?.children ?? [])
      .filter((c) => c.name === 'element')
      .map((e): FieldModel => {
        const name = e.attrs.name ?? local(e.attrs.ref ?? '');
        const type = this.elementType(e, `${structName}/${name}`, `${name}Struct`);
        const field: FieldModel = { name, type, minOccurs: occurs(e.attrs.minOccurs, 1), maxOccurs: occurs(e.attrs.maxOccurs, 1) };
        const lenient = LENIENT_DEFAULTS[`${structName}.${name}`];
        if (lenient !== undefined) field.lenientDefault = lenient;
        return field;
      });
    return [...base, ...own];
  }

  struct(name: string, complexType: XsdNode): StructModel {
    const existing = this.structs.get(name);
    if (existing !== undefined) return existing;
    const model: StructModel = { name, fields: [] };
    this.structs.set(name, model); // before the fields, so that recursion terminates
    model.fields.push(...this.fieldsOf(complexType, name));
    return model;
  }
}

/** Builds the model from the schemas in `bbfDir`: the newest schema defines, older ones date. */
export function buildModel(bbfDir: string): CwmpModel {
  const sinceOf = new Map<string, CwmpVersion>();
  for (const [version, file] of SCHEMA_FILES) {
    for (const d of readSchemaSet(bbfDir, file)) {
      const name = d.attrs.name;
      if (d.name === 'element' && name !== undefined && !sinceOf.has(name)) sinceOf.set(name, version);
    }
  }
  const newest = SCHEMA_FILES[SCHEMA_FILES.length - 1] as readonly [CwmpVersion, string];
  const builder = new ModelBuilder(readSchemaSet(bbfDir, newest[1]));
  const messages: MessageModel[] = [];
  const headers: HeaderModel[] = [];
  for (const name of [...builder.elements.keys()].sort()) {
    const element = builder.elements.get(name) as XsdNode;
    const complex = child(element, 'complexType');
    const since = sinceOf.get(name) ?? newest[0];
    const simpleContent = complex !== undefined ? child(complex, 'simpleContent') : undefined;
    if (simpleContent !== undefined) {
      const ext = child(simpleContent, 'extension');
      const scalar = builder.scalarOfName(ext?.attrs.base ?? 'xs:string', name);
      const attr = ext?.children.find((c) => c.name === 'attribute');
      const fixed = attr?.attrs.fixed ?? MUST_UNDERSTAND_NOTES[name];
      headers.push({ name, scalar, since, mustUnderstand: fixed === '0' || fixed === '1' ? fixed : undefined });
    } else if (complex !== undefined) {
      messages.push({ name, since, struct: builder.struct(name, complex) });
    }
  }
  const structs = [...builder.structs.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { structs, messages, headers };
}
