/**
 * CWMP envelope encoder: a typed message in, the bytes of one SOAP 1.1 envelope out.
 *
 * The generated encoders write the method; this writes the envelope around it as one string,
 * encoded to UTF-8 once. Prefixes are fixed (`soap-env`, `soap-enc`, `xsd`, `xsi`, and the literal
 * `cwmp` for every RPC element) and declared on the root, whose start tag is precomputed per cwmp
 * namespace. Every envelope carries a Header with `cwmp:ID`.
 */
import { encodeMethod } from '../generated/cwmp/encoders.js';
import { writeHeaderElements } from '../generated/cwmp/headers.js';
import type { EncodableMessage, Fault } from '../generated/cwmp/types.js';
import { CWMP_NAMESPACES, SOAP_ENC_NS, SOAP_ENV_NS, XSD_NS, XSI_NS, type CwmpHeader, type EncodeOptions } from './messages.js';
import { escapeAttribute, escapeText } from './xml-writer.js';

export type { EncodableMessage } from '../generated/cwmp/types.js';

function rootStart(namespace: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<soap-env:Envelope xmlns:soap-env="${SOAP_ENV_NS}" xmlns:soap-enc="${SOAP_ENC_NS}"` +
    ` xmlns:xsd="${XSD_NS}" xmlns:xsi="${XSI_NS}" xmlns:cwmp="${escapeAttribute(namespace)}"><soap-env:Header>`
  );
}

const ROOT_START = new Map<string, string>(CWMP_NAMESPACES.map((ns) => [ns, rootStart(ns)]));
const BODY_START = '</soap-env:Header><soap-env:Body>';
const ROOT_END = '</soap-env:Body></soap-env:Envelope>';

let nextId = 1;

/** An ID for an envelope the caller gave none: unique within the process, which is all a CPE needs to echo it. */
function generatedId(): string {
  const id = nextId;
  nextId = id >= 0x7fffffff ? 1 : id + 1;
  return `prv-${id}`;
}

function encodeHeader(h: CwmpHeader | undefined): string {
  // Every envelope carries a cwmp:ID; mustUnderstand values come from the XSD (headers.ts).
  if (h === undefined) return `<cwmp:ID soap-env:mustUnderstand="1">${generatedId()}</cwmp:ID>`;
  return writeHeaderElements(h.id === undefined ? { ...h, id: generatedId() } : h);
}

function encodeBody(m: EncodableMessage): string {
  if (m.kind !== 'Fault') return encodeMethod(m);
  const f: Fault = m;
  return `<soap-env:Fault><faultcode>${escapeText(f.faultcode)}</faultcode><faultstring>${escapeText(f.faultstring)}</faultstring><detail>${encodeMethod(f)}</detail></soap-env:Fault>`;
}

/** The envelope as a string, for callers that add it to a larger buffer themselves. */
export function encodeEnvelopeString(message: EncodableMessage, options: EncodeOptions): string {
  const root = ROOT_START.get(options.namespace) ?? rootStart(options.namespace);
  return root + encodeHeader(options.header) + BODY_START + encodeBody(message) + ROOT_END;
}

/**
 * Encodes one message as a UTF-8 SOAP envelope in `options.namespace`. Text and attribute values
 * are escaped; characters XML 1.0 cannot carry become U+FFFD (see xml-writer.ts). Numbers are
 * written as given: callers pass integers. A ParameterValueStruct's `type` is written as its
 * xsi:type (`xsd:string` when absent).
 */
export function encodeEnvelope(message: EncodableMessage, options: EncodeOptions): Buffer {
  return Buffer.from(encodeEnvelopeString(message, options), 'utf8');
}
