/** The shape of what the encoder writes, checked on the XML text itself. */
import { describe, expect, it } from 'vitest';
import { encodeEnvelope } from '../../src/codec/encode.js';
import { escapeAttribute, escapeText } from '../../src/codec/xml-writer.js';
import { decodeOk } from './helpers.js';

const NS = 'urn:dslforum-org:cwmp-1-2';

describe('encodeEnvelope', () => {
  it('declares soap-env, soap-enc, xsd, xsi and cwmp on the root', () => {
    const xml = encodeEnvelope({ kind: 'InformResponse', MaxEnvelopes: 1 }, { namespace: NS }).toString();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<soap-env:Envelope /);
    expect(xml).toContain('xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"');
    expect(xml).toContain('xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/"');
    expect(xml).toContain('xmlns:xsd="http://www.w3.org/2001/XMLSchema"');
    expect(xml).toContain('xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"');
    expect(xml).toContain(`xmlns:cwmp="${NS}"`);
  });

  it('writes cwmp:ID with soap-env:mustUnderstand="1"', () => {
    const xml = encodeEnvelope({ kind: 'InformResponse', MaxEnvelopes: 1 }, { namespace: NS, header: { id: 'x1' } }).toString();
    expect(xml).toContain('<soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">x1</cwmp:ID></soap-env:Header>');
  });

  // Changed with the generated codec: the issue asks for a Header with cwmp:ID on every envelope.
  it('writes a Header with a generated cwmp:ID when no header field is set', () => {
    const xml = encodeEnvelope({ kind: 'InformResponse', MaxEnvelopes: 1 }, { namespace: NS, header: {} }).toString();
    expect(xml).toMatch(/<soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">prv-\d+<\/cwmp:ID><\/soap-env:Header>/);
  });

  it('writes the InformResponse with MaxEnvelopes', () => {
    const xml = encodeEnvelope({ kind: 'InformResponse', MaxEnvelopes: 1 }, { namespace: NS }).toString();
    expect(xml).toContain('<soap-env:Body><cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse></soap-env:Body>');
  });

  it('counts ParameterNames in soap-enc:arrayType="xsd:string[N]"', () => {
    const xml = encodeEnvelope({ kind: 'GetParameterValues', ParameterNames: ['A.', 'B.C'] }, { namespace: NS }).toString();
    expect(xml).toContain('<ParameterNames soap-enc:arrayType="xsd:string[2]"><string>A.</string><string>B.C</string></ParameterNames>');
  });

  it('counts Inform arrays in cwmp:EventStruct[N] and cwmp:ParameterValueStruct[N]', () => {
    const xml = encodeEnvelope(
      {
        kind: 'Inform',
        DeviceId: { Manufacturer: 'M', OUI: '001122', ProductClass: 'P', SerialNumber: 'S' },
        Event: [{ EventCode: '2 PERIODIC', CommandKey: '' }],
        MaxEnvelopes: 1,
        CurrentTime: '2024-01-01T00:00:00Z',
        RetryCount: 0,
        ParameterList: [{ Name: 'A', Value: '1', type: 'unsignedInt' }, { Name: 'B', Value: 'x' }],
      },
      { namespace: NS },
    ).toString();
    expect(xml).toContain('<Event soap-enc:arrayType="cwmp:EventStruct[1]">');
    expect(xml).toContain('<ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[2]">');
    expect(xml).toContain('<Value xsi:type="xsd:unsignedInt">1</Value>');
    expect(xml).toContain('<Value xsi:type="xsd:string">x</Value>');
  });

  it('writes a SOAP Fault with faultcode and a cwmp:Fault detail', () => {
    const xml = encodeEnvelope(
      { kind: 'Fault', faultcode: 'Client', faultstring: 'CWMP fault', FaultCode: 8000, FaultString: 'Method not supported', SetParameterValuesFault: [] },
      { namespace: NS },
    ).toString();
    expect(xml).toContain(
      '<soap-env:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault><FaultCode>8000</FaultCode><FaultString>Method not supported</FaultString></cwmp:Fault></detail></soap-env:Fault>',
    );
  });

  it('escapes markup characters in text so that the output stays well-formed', () => {
    const xml = encodeEnvelope({ kind: 'GetParameterValues', ParameterNames: [`</string><x a="1">&'`] }, { namespace: NS }).toString();
    expect(xml).toContain('<string>&lt;/string&gt;&lt;x a=&quot;1&quot;&gt;&amp;&apos;</string>');
  });

  it('replaces control characters XML 1.0 forbids with U+FFFD and keeps tab, LF and CR', () => {
    const env = decodeOk(encodeEnvelope({ kind: 'GetParameterValues', ParameterNames: ['a\u0000b\u001Fc\uFFFEd\te\nf\rg'] }, { namespace: NS }));
    expect(env.message).toEqual({ kind: 'GetParameterValues', ParameterNames: ['a\uFFFDb\uFFFDc\uFFFDd\te\nf\rg'] });
  });

  it('writes UTF-8 bytes for non-ASCII text', () => {
    const bytes = encodeEnvelope({ kind: 'GetParameterValues', ParameterNames: ['é'] }, { namespace: NS });
    expect(bytes.includes(Buffer.from([0xc3, 0xa9]))).toBe(true);
  });
});

describe('escaping', () => {
  it('returns plain text unchanged', () => {
    expect(escapeText('Device.WiFi.SSID.1.SSID')).toBe('Device.WiFi.SSID.1.SSID');
  });

  it('escapes CR in text as a character reference', () => {
    expect(escapeText('a\r\nb')).toBe('a&#13;\nb');
  });

  it('escapes tab, LF and CR in attribute values', () => {
    expect(escapeAttribute('a\tb\nc\rd"e')).toBe('a&#9;b&#10;c&#13;d&quot;e');
  });
});
