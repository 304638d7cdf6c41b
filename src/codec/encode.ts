/**
 * CWMP envelope encoder: a typed message in, the bytes of one SOAP 1.1 envelope out.
 *
 * The output is built as one string in a single pass and encoded to UTF-8 once. Prefixes are fixed
 * (`soap-env`, `soap-enc`, `xsd`, `xsi`, `cwmp`) and declared on the root, whose start tag is
 * precomputed per cwmp namespace. Argument elements are unqualified, as the XSDs require.
 */
import {
  CWMP_NAMESPACES,
  SOAP_ENC_NS,
  SOAP_ENV_NS,
  XSD_NS,
  XSI_NS,
  type CwmpHeader,
  type CwmpMessage,
  type EncodeOptions,
  type EventStruct,
  type Fault,
  type Inform,
  type ParameterValueStruct,
  type UnknownMethod,
} from './messages.js';
import { escapeAttribute, escapeText, leaf, numberLeaf } from './xml-writer.js';

/** Every message the encoder can write: all but {@link UnknownMethod}, which has no content to send. */
export type EncodableMessage = Exclude<CwmpMessage, UnknownMethod>;

function rootStart(namespace: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<soap-env:Envelope xmlns:soap-env="${SOAP_ENV_NS}" xmlns:soap-enc="${SOAP_ENC_NS}"` +
    ` xmlns:xsd="${XSD_NS}" xmlns:xsi="${XSI_NS}" xmlns:cwmp="${escapeAttribute(namespace)}">`
  );
}

const ROOT_START = new Map<string, string>(CWMP_NAMESPACES.map((ns) => [ns, rootStart(ns)]));
const ROOT_END = '</soap-env:Body></soap-env:Envelope>';

function encodeHeader(h: CwmpHeader | undefined): string {
  if (h === undefined) return '';
  let out = '';
  // mustUnderstand values follow the XSD notes: fixed 1 for ID and HoldRequests, 1 for
  // UseCWMPVersion, 0 for the CPE-sent SessionTimeout and SupportedCWMPVersions.
  if (h.id !== undefined) out += `<cwmp:ID soap-env:mustUnderstand="1">${escapeText(h.id)}</cwmp:ID>`;
  if (h.holdRequests !== undefined) {
    out += `<cwmp:HoldRequests soap-env:mustUnderstand="1">${h.holdRequests ? 1 : 0}</cwmp:HoldRequests>`;
  }
  if (h.sessionTimeout !== undefined) {
    out += `<cwmp:SessionTimeout soap-env:mustUnderstand="0">${h.sessionTimeout}</cwmp:SessionTimeout>`;
  }
  if (h.supportedCwmpVersions !== undefined) {
    out += `<cwmp:SupportedCWMPVersions soap-env:mustUnderstand="0">${escapeText(h.supportedCwmpVersions)}</cwmp:SupportedCWMPVersions>`;
  }
  if (h.useCwmpVersion !== undefined) {
    out += `<cwmp:UseCWMPVersion soap-env:mustUnderstand="1">${escapeText(h.useCwmpVersion)}</cwmp:UseCWMPVersion>`;
  }
  // Deprecated since TR-069 Amendment 1, but an old-style test CPE may still send it.
  if (h.noMoreRequests !== undefined) out += `<cwmp:NoMoreRequests>${h.noMoreRequests ? 1 : 0}</cwmp:NoMoreRequests>`;
  return out === '' ? '' : `<soap-env:Header>${out}</soap-env:Header>`;
}

function encodeParameterList(list: readonly ParameterValueStruct[]): string {
  let out = `<ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[${list.length}]">`;
  for (const p of list) {
    const type = p.type === undefined ? 'string' : escapeAttribute(p.type);
    out += `<ParameterValueStruct>${leaf('Name', p.Name)}<Value xsi:type="xsd:${type}">${escapeText(p.Value)}</Value></ParameterValueStruct>`;
  }
  return `${out}</ParameterList>`;
}

function encodeEvents(list: readonly EventStruct[]): string {
  let out = `<Event soap-enc:arrayType="cwmp:EventStruct[${list.length}]">`;
  for (const e of list) out += `<EventStruct>${leaf('EventCode', e.EventCode)}${leaf('CommandKey', e.CommandKey)}</EventStruct>`;
  return `${out}</Event>`;
}

function encodeInform(m: Inform): string {
  const d = m.DeviceId;
  return (
    '<cwmp:Inform><DeviceId>' +
    leaf('Manufacturer', d.Manufacturer) +
    leaf('OUI', d.OUI) +
    leaf('ProductClass', d.ProductClass) +
    leaf('SerialNumber', d.SerialNumber) +
    '</DeviceId>' +
    encodeEvents(m.Event) +
    numberLeaf('MaxEnvelopes', m.MaxEnvelopes) +
    leaf('CurrentTime', m.CurrentTime) +
    numberLeaf('RetryCount', m.RetryCount) +
    encodeParameterList(m.ParameterList) +
    '</cwmp:Inform>'
  );
}

function encodeFault(m: Fault): string {
  let spv = '';
  for (const f of m.SetParameterValuesFault) {
    spv += `<SetParameterValuesFault>${leaf('ParameterName', f.ParameterName)}${numberLeaf('FaultCode', f.FaultCode)}${leaf('FaultString', f.FaultString)}</SetParameterValuesFault>`;
  }
  return (
    '<soap-env:Fault>' +
    leaf('faultcode', m.faultcode) +
    leaf('faultstring', m.faultstring) +
    '<detail><cwmp:Fault>' +
    numberLeaf('FaultCode', m.FaultCode) +
    leaf('FaultString', m.FaultString) +
    spv +
    '</cwmp:Fault></detail></soap-env:Fault>'
  );
}

function encodeBody(m: EncodableMessage): string {
  switch (m.kind) {
    case 'InformResponse':
      return `<cwmp:InformResponse>${numberLeaf('MaxEnvelopes', m.MaxEnvelopes)}</cwmp:InformResponse>`;
    case 'GetParameterValues': {
      let out = `<cwmp:GetParameterValues><ParameterNames soap-enc:arrayType="xsd:string[${m.ParameterNames.length}]">`;
      for (const name of m.ParameterNames) out += leaf('string', name);
      return `${out}</ParameterNames></cwmp:GetParameterValues>`;
    }
    case 'GetParameterValuesResponse':
      return `<cwmp:GetParameterValuesResponse>${encodeParameterList(m.ParameterList)}</cwmp:GetParameterValuesResponse>`;
    case 'Fault':
      return encodeFault(m);
    case 'Inform':
      return encodeInform(m);
  }
}

/**
 * Encodes one message as a UTF-8 SOAP envelope in `options.namespace`, with the header fields
 * that are set in `options.header` (`cwmp:ID` carries `mustUnderstand="1"`). Text and attribute
 * values are escaped; characters XML 1.0 cannot carry are replaced with U+FFFD (see xml-writer.ts).
 * Numbers are written as given: callers pass integers.
 */
export function encodeEnvelope(message: EncodableMessage, options: EncodeOptions): Buffer {
  const root = ROOT_START.get(options.namespace) ?? rootStart(options.namespace);
  const xml = `${root}${encodeHeader(options.header)}<soap-env:Body>${encodeBody(message)}${ROOT_END}`;
  return Buffer.from(xml, 'utf8');
}
