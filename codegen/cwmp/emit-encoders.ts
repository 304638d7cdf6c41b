/**
 * Emits `encoders.ts`: one function per struct and a switch over messages, each building the XML
 * as one string. Text goes through `escapeText`, which returns its input untouched unless it holds
 * a character that needs escaping. Prefixes are the envelope writer's: soap-env, soap-enc, xsd,
 * xsi, cwmp; argument elements are unqualified, as the XSDs say.
 */
import type { CwmpModel, FieldModel, FieldType } from './model.js';
import { HEADER } from './naming.js';

function scalarXml(scalar: string, expr: string): string {
  switch (scalar) {
    case 'int':
    case 'unsignedInt':
    case 'long':
    case 'unsignedLong':
      return `${expr}`;
    case 'boolean':
      return `(${expr} ? 'true' : 'false')`;
    default:
      return `escapeText(${expr})`;
  }
}

/** Expression for one element `name` holding `expr` of a non-array type `t`. */
function elementXml(name: string, t: FieldType, expr: string, owner: string): string {
  switch (t.kind) {
    case 'scalar':
      if (t.scalar === 'anySimpleType') return `'<${name} xsi:type="' + valueType(${owner}.type) + '">' + escapeText(${expr}) + '</${name}>'`;
      return `'<${name}>' + ${scalarXml(t.scalar, expr)} + '</${name}>'`;
    case 'struct':
      return `'<${name}>' + s_${t.struct}(${expr}) + '</${name}>'`;
    case 'poly':
      return `poly_${t.base}('${name}', ${expr})`;
    case 'array':
      throw new Error(`array ${name} is written by statements, not an expression`);
  }
}

/** Statements appending field `f` of `owner` to `out`: loops for lists, one `+=` otherwise. */
function fieldStatements(f: FieldModel, owner: string): string[] {
  const expr = `${owner}.${f.name}`;
  const t = f.type;
  if (t.kind === 'array' || (t.kind === 'poly' && f.maxOccurs > 1)) {
    // A poly list is one wrapper with typed children plus xsi:type: the form most CPE parsers
    // read (docs/cwmp-protocol.md §15).
    const item = t.kind === 'array' ? t.item : t;
    const itemName = t.kind === 'array' ? t.itemName : undefined;
    const arrayType =
      item.kind === 'scalar'
        ? item.scalar === 'base64'
          ? 'soap-enc:base64'
          : `xsd:${item.scalar === 'anySimpleType' ? 'string' : item.scalar}`
        : `cwmp:${item.kind === 'struct' ? item.struct : item.base}`;
    const itemXml =
      item.kind === 'poly'
        ? `poly_${item.base}(${itemName === undefined ? 'x.type' : `'${itemName}'`}, x)`
        : elementXml(itemName ?? f.name, item, 'x', owner);
    return [
      `out += '<${f.name} soap-enc:arrayType="${arrayType}[' + ${expr}.length + ']">';`,
      `for (const x of ${expr}) out += ${itemXml};`,
      `out += '</${f.name}>';`,
    ];
  }
  if (f.maxOccurs > 1) return [`for (const x of ${expr}) out += ${elementXml(f.name, t, 'x', owner)};`];
  const xml = elementXml(f.name, t, expr, owner);
  return [f.minOccurs === 0 ? `if (${expr} !== undefined) out += ${xml};` : `out += ${xml};`];
}

export function emitEncoders(model: CwmpModel): string {
  const out: string[] = [HEADER];
  out.push("import { escapeText } from '../../codec/xml-writer.js';");
  out.push(`import type * as T from './types.js';`, '');
  out.push(`/** \`xsd:<type>\` for a Value; a type that already carries a prefix is written as given. */
function valueType(type: string | undefined): string {
  if (type === undefined || type === '') return 'xsd:string';
  return type.includes(':') ? escapeText(type) : 'xsd:' + escapeText(type);
}
`);
  const polys = new Map<string, string[]>();
  const visit = (t: FieldType): void => {
    if (t.kind === 'poly') polys.set(t.base, t.subtypes);
    if (t.kind === 'array') visit(t.item);
  };
  const messageNames = new Set(model.messages.map((m) => m.name));
  for (const s of model.structs) for (const f of s.fields) visit(f.type);
  for (const s of model.structs) {
    if (polys.has(s.name)) continue;
    const typeName = messageNames.has(s.name) ? `Omit<T.${s.name}, 'kind'>` : `T.${s.name}`;
    if (s.fields.length === 0) {
      out.push(`function s_${s.name}(_v: ${typeName}): string {`, "  return '';", '}', '');
      continue;
    }
    out.push(`function s_${s.name}(v: ${typeName}): string {`, "  let out = '';");
    for (const f of s.fields) for (const line of fieldStatements(f, 'v')) out.push(`  ${line}`);
    out.push('  return out;', '}', '');
  }
  for (const [base, subtypes] of polys) {
    out.push(`function poly_${base}(name: string, v: T.${base}): string {`, '  switch (v.type) {');
    for (const s of subtypes) out.push(`    case '${s}':`, `      return '<' + name + ' xsi:type="cwmp:${s}">' + s_${s}(v) + '</' + name + '>';`);
    out.push('  }', '}', '');
  }
  out.push('/** The Body content for a message: the cwmp method element, or the cwmp:Fault detail for a Fault. */');
  out.push('export function encodeMethod(m: T.EncodableMessage): string {', '  switch (m.kind) {');
  for (const m of model.messages) {
    if (m.name === 'Fault') {
      out.push(`    case 'Fault':`, `      return '<cwmp:Fault>' + s_Fault(m) + '</cwmp:Fault>';`);
    } else {
      out.push(`    case '${m.name}':`, `      return '<cwmp:${m.name}>' + s_${m.name}(m) + '</cwmp:${m.name}>';`);
    }
  }
  out.push('  }', '}', '');
  return out.join('\n');
}
