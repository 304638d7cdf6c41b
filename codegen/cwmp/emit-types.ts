/** Emits `types.ts`: one TypeScript type per struct and message, and the `CwmpMessage` union. */
import type { CwmpModel, FieldModel, FieldType, ScalarType, StructModel } from './model.js';
import { HEADER, isList } from './naming.js';

const TS_SCALAR: Readonly<Record<ScalarType, string>> = {
  string: 'string',
  int: 'number',
  unsignedInt: 'number',
  long: 'bigint',
  unsignedLong: 'bigint',
  boolean: 'boolean',
  dateTime: 'string',
  base64: 'string',
  hexBinary: 'string',
  anySimpleType: 'string',
};

function tsType(t: FieldType): string {
  switch (t.kind) {
    case 'scalar':
      return TS_SCALAR[t.scalar];
    case 'struct':
      return t.struct;
    case 'poly':
      return t.base;
    case 'array':
      return `${tsType(t.item)}[]`;
  }
}

function fieldLine(f: FieldModel): string {
  const base = tsType(f.type);
  const type = f.maxOccurs > 1 && f.type.kind !== 'array' ? `${base}[]` : base;
  const optional = f.minOccurs === 0 && f.lenientDefault === undefined && !isList(f);
  const facet = f.type.kind === 'scalar' && f.type.maxLength !== undefined ? ` /** ${f.type.scalar}(${f.type.maxLength}) */` : '';
  return `  ${f.name}${optional ? '?' : ''}: ${type};${facet}`;
}

function structBody(s: StructModel): string[] {
  const lines = s.fields.map(fieldLine);
  if (s.fields.some((f) => f.type.kind === 'scalar' && f.type.scalar === 'anySimpleType')) {
    lines.push('  /** The xsi:type of the value without prefix (`unsignedInt`, `boolean`, …); absent when none was given. */');
    lines.push('  type?: string;');
    lines.push('  /** The value in its typed form, when `type` names a type the decoder parses and the text is valid for it. */');
    lines.push('  typed?: TypedValue;');
  }
  return lines;
}

export function emitTypes(model: CwmpModel): string {
  const polyBases = new Map<string, string[]>();
  const visit = (t: FieldType): void => {
    if (t.kind === 'poly') polyBases.set(t.base, t.subtypes);
    if (t.kind === 'array') visit(t.item);
  };
  for (const s of model.structs) for (const f of s.fields) visit(f.type);
  const messageNames = new Set(model.messages.map((m) => m.name));
  const out: string[] = [HEADER, '/** CWMP message types, from cwmp-1-0.xsd … cwmp-1-4.xsd. Wire names keep the specification\'s spelling. */', ''];
  out.push('/** A decoded typed value: boolean, int/unsignedInt (number), long/unsignedLong (bigint), dateTime (Date), base64/hexBinary (bytes). */');
  out.push('export type TypedValue = boolean | number | bigint | Date | Uint8Array;', '');
  for (const s of model.structs) {
    if (messageNames.has(s.name)) continue;
    const subtypes = polyBases.get(s.name);
    if (subtypes !== undefined) {
      out.push(`/** One of the concrete extensions of the abstract ${s.name}, told apart by \`type\`. */`);
      out.push(`export type ${s.name} = ${subtypes.map((t) => `({ type: '${t}' } & ${t})`).join(' | ')};`, '');
      continue;
    }
    out.push(`export interface ${s.name} {`, ...structBody(s), '}', '');
  }
  for (const m of model.messages) {
    out.push(`/** \`cwmp:${m.name}\`, since CWMP ${m.since}. */`);
    out.push(`export interface ${m.name} {`, `  kind: '${m.name}';`);
    if (m.name === 'Fault') {
      out.push('  /** SOAP faultcode: `Client` or `Server`. */', '  faultcode: string;', '  faultstring: string;');
    }
    out.push(...structBody(m.struct), '}', '');
  }
  out.push('/** A well-formed envelope whose Body holds a method this codec does not know. */');
  out.push('export interface UnknownMethod {', "  kind: 'Unknown';", '  /** Local name of the Body\'s first element, e.g. `X_ACME_Foo`. */', '  method: string;', '}', '');
  out.push('/** Every CWMP message, told apart by `kind` (the XSD element name). */');
  out.push(`export type CwmpMessage =\n${[...model.messages.map((m) => m.name), 'UnknownMethod'].map((n) => `  | ${n}`).join('\n')};`, '');
  out.push('/** Every message the encoder can write: all but {@link UnknownMethod}. */');
  out.push("export type EncodableMessage = Exclude<CwmpMessage, UnknownMethod>;", '');
  out.push('/** The `kind` of every message, sorted. */');
  out.push(`export const MESSAGE_KINDS = [${model.messages.map((m) => `'${m.name}'`).join(', ')}] as const;`, '');
  out.push('/** CWMP version whose schema first defines each message. */');
  out.push(`export const MESSAGE_SINCE: Readonly<Record<EncodableMessage['kind'], string>> = {\n${model.messages.map((m) => `  ${m.name}: '${m.since}',`).join('\n')}\n};`, '');
  return out.join('\n');
}
