/**
 * Emits `headers.ts`: the CwmpHeader type, and the decoder and encoder of the cwmp SOAP header
 * elements (ID, HoldRequests, SessionTimeout, SupportedCWMPVersions, UseCWMPVersion from the XSDs,
 * plus the deprecated NoMoreRequests that old CPEs still send). `mustUnderstand` values come from
 * the XSD (`fixed`, or the value its notes ask for).
 */
import type { CwmpModel, HeaderModel } from './model.js';
import { HEADER } from './naming.js';

/** Property names in CwmpHeader: the element name in lower camel case, acronyms folded. */
const PROPERTY: Readonly<Record<string, string>> = {
  ID: 'id',
  HoldRequests: 'holdRequests',
  NoMoreRequests: 'noMoreRequests',
  SessionTimeout: 'sessionTimeout',
  SupportedCWMPVersions: 'supportedCwmpVersions',
  UseCWMPVersion: 'useCwmpVersion',
};

const LEGACY: HeaderModel = { name: 'NoMoreRequests', scalar: { kind: 'scalar', scalar: 'boolean' }, since: '1.0', mustUnderstand: undefined };

function property(name: string): string {
  const p = PROPERTY[name];
  if (p === undefined) throw new Error(`header ${name} has no CwmpHeader property; add it to PROPERTY in codegen/cwmp/emit-headers.ts`);
  return p;
}

export function emitHeaders(model: CwmpModel): string {
  const headers = [...model.headers, LEGACY].sort((a, b) => (a.name < b.name ? -1 : 1));
  // ID first on the wire: it is what a CPE looks for.
  const wireOrder = [...headers].sort((a, b) => (a.name === 'ID' ? -1 : b.name === 'ID' ? 1 : 0));
  const out: string[] = [HEADER];
  out.push("import { escapeText } from '../../codec/xml-writer.js';");
  out.push("import { booleanOf, unsignedIntOf } from '../../codec/decode-values.js';");
  out.push("import { NAME_ID } from './names.js';", '');
  out.push('/** cwmp SOAP header elements. Absent fields were absent on the wire. */', 'export interface CwmpHeader {');
  for (const h of headers) {
    const ts = h.scalar.scalar === 'boolean' ? 'boolean' : h.scalar.scalar === 'unsignedInt' ? 'number' : 'string';
    const note = h === LEGACY ? 'Deprecated since TR-069 Amendment 1 and absent from the XSDs; still sent by some CPEs.' : `\`cwmp:${h.name}\`, since CWMP ${h.since}.`;
    out.push(`  /** ${note} */`, `  ${property(h.name)}?: ${ts};`);
  }
  out.push('}', '');
  out.push('/** True for the name id of a cwmp header element. */', 'export function isHeaderElement(nameId: number): boolean {', '  switch (nameId) {');
  for (const h of headers) out.push(`    case NAME_ID.${h.name}:`);
  out.push('      return true;', '  }', '  return false;', '}', '');
  out.push('/**', ' * Sets the field of header element `nameId` from its text. Returns what is wrong with the text', ' * (`a boolean`, …) when it is not valid for the element\'s type, else undefined.', ' */');
  out.push('export function readHeaderElement(header: CwmpHeader, nameId: number, text: string): string | undefined {', '  switch (nameId) {');
  for (const h of headers) {
    const p = property(h.name);
    out.push(`    case NAME_ID.${h.name}: {`);
    if (h.scalar.scalar === 'boolean') {
      out.push('      const v = booleanOf(text);', "      if (v === undefined) return 'a boolean';", `      header.${p} = v;`);
    } else if (h.scalar.scalar === 'unsignedInt') {
      out.push('      const v = unsignedIntOf(text);', "      if (v === undefined) return 'an unsigned integer';", `      header.${p} = v;`);
    } else if (h.name === 'ID') {
      out.push(`      header.${p} = text; // echoed back verbatim, so not trimmed`);
    } else {
      out.push(`      header.${p} = text.trim();`);
    }
    out.push('      return undefined;', '    }');
  }
  out.push('  }', '  return undefined;', '}', '');
  out.push('/** The header elements that are set, in order, with the prefixes of the envelope writer (soap-env, cwmp). */');
  out.push('export function writeHeaderElements(h: CwmpHeader): string {', "  let out = '';");
  for (const h of wireOrder) {
    const p = property(h.name);
    const mu = h.mustUnderstand === undefined ? '' : ` soap-env:mustUnderstand="${h.mustUnderstand}"`;
    // Header booleans as 1/0: the form every CPE stack reads for HoldRequests.
    const value = h.scalar.scalar === 'boolean' ? `(h.${p} ? '1' : '0')` : h.scalar.scalar === 'unsignedInt' ? `h.${p}` : `escapeText(h.${p})`;
    out.push(`  if (h.${p} !== undefined) out += '<cwmp:${h.name}${mu}>' + ${value} + '</cwmp:${h.name}>';`);
  }
  out.push('  return out;', '}', '');
  return out.join('\n');
}
