/** What the decoder tolerates from real CPEs, and where it stays strict. */
import { describe, expect, it } from 'vitest';
import { decodeEnvelope } from '../../src/codec/decode.js';
import type { Inform } from '../../src/codec/messages.js';
import { decodeError, decodeOk, envelope, informWith } from './helpers.js';

const ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const ENC = 'http://schemas.xmlsoap.org/soap/encoding/';
const RESPONSE = '<cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>';

function inform(body: Uint8Array | string): Inform {
  const msg = decodeOk(body).message;
  if (msg.kind !== 'Inform') return expect.fail(`expected an Inform, got ${msg.kind}`);
  return msg;
}

describe('prefixes and namespaces', () => {
  for (const prefix of ['SOAP-ENV', 'soapenv', 'soap-env', 'soap', 'S']) {
    it(`reads an envelope whose SOAP prefix is ${prefix}`, () => {
      const body = `<${prefix}:Envelope xmlns:${prefix}="${ENV}" xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><${prefix}:Body>${RESPONSE}</${prefix}:Body></${prefix}:Envelope>`;
      const env = decodeOk(body);
      expect(env.message).toEqual({ kind: 'InformResponse', MaxEnvelopes: 1 });
      expect(env.warnings).toBeUndefined();
    });
  }

  it('reads an envelope with no prefixes, on default namespaces', () => {
    const body = `<Envelope xmlns="${ENV}"><Body><InformResponse xmlns="urn:dslforum-org:cwmp-1-4"><MaxEnvelopes>1</MaxEnvelopes></InformResponse></Body></Envelope>`;
    expect(decodeOk(body)).toEqual({ namespace: 'urn:dslforum-org:cwmp-1-4', header: {}, message: { kind: 'InformResponse', MaxEnvelopes: 1 } });
  });

  it('reads a soap prefix bound to the SOAP encoding namespace, with a warning', () => {
    const body = `<soap:Envelope xmlns:soap="${ENC}" xmlns:cwmp="urn:dslforum-org:cwmp-1-1"><soap:Body>${RESPONSE}</soap:Body></soap:Envelope>`;
    const env = decodeOk(body);
    expect(env.message.kind).toBe('InformResponse');
    expect(env.warnings?.[0]).toContain('SOAP encoding namespace');
  });

  it('reads an undeclared cwmp prefix as CWMP of unknown version, with a warning', () => {
    const env = decodeOk(`<s:Envelope xmlns:s="${ENV}"><s:Body>${RESPONSE}</s:Body></s:Envelope>`);
    expect(env.namespace).toBeUndefined();
    expect(env.warnings).toEqual(['prefix cwmp is used without a declaration; read as CWMP']);
  });
});

describe('values from sloppy CPEs', () => {
  it('accepts integers with leading zeros', () => {
    expect(inform(informWith('RetryCount', '<RetryCount>0003</RetryCount>')).RetryCount).toBe(3);
  });

  it('accepts a CurrentTime without time zone and one from 1970', () => {
    expect(inform(informWith('CurrentTime', '<CurrentTime>2024-01-01T00:00:00</CurrentTime>')).CurrentTime).toBe('2024-01-01T00:00:00');
    expect(inform(informWith('CurrentTime', '<CurrentTime>1970-01-01T00:01:02Z</CurrentTime>')).CurrentTime).toBe('1970-01-01T00:01:02Z');
  });

  it('upper-cases numbered event codes sent in mixed case and keeps vendor events', () => {
    const body = informWith('Event', '<Event><EventStruct><EventCode>1 Boot</EventCode><CommandKey/></EventStruct><EventStruct><EventCode>X 00D09E Reset Button</EventCode><CommandKey/></EventStruct></Event>');
    expect(inform(body).Event.map((e) => e.EventCode)).toEqual(['1 BOOT', 'X 00D09E Reset Button']);
  });

  it('fills an absent CommandKey with the empty string', () => {
    expect(inform(informWith('Event', '<Event><EventStruct><EventCode>2 PERIODIC</EventCode></EventStruct></Event>')).Event).toEqual([{ EventCode: '2 PERIODIC', CommandKey: '' }]);
  });

  for (const [text, value] of [['1', true], ['0', false], ['true', true], ['false', false], [' TRUE ', true]] as const) {
    it(`reads the boolean ${JSON.stringify(text)} as ${value}`, () => {
      const env = decodeOk(envelope('<cwmp:GetParameterNames><ParameterPath>Device.</ParameterPath><NextLevel>' + text + '</NextLevel></cwmp:GetParameterNames>'));
      expect(env.message).toEqual({ kind: 'GetParameterNames', ParameterPath: 'Device.', NextLevel: value });
    });
  }

  it('ignores a missing, zero-padded or wrong soapenc:arrayType count', () => {
    for (const attr of ['', ' soap-enc:arrayType="xsd:string[02]"', ' soap-enc:arrayType="xsd:string[7]"']) {
      const env = decodeOk(envelope(`<cwmp:GetParameterValues><ParameterNames${attr}><string>A.</string><string>B.</string></ParameterNames></cwmp:GetParameterValues>`));
      expect(env.message).toEqual({ kind: 'GetParameterValues', ParameterNames: ['A.', 'B.'] });
    }
  });

  it('keeps a Value whose xsi:type does not fit its text, untyped, with a warning', () => {
    const body = informWith('ParameterList', '<ParameterList><ParameterValueStruct><Name>A</Name><Value xsi:type="xsd:int">abc</Value></ParameterValueStruct></ParameterList>');
    const env = decodeOk(body);
    expect((env.message as Inform).ParameterList).toEqual([{ Name: 'A', Value: 'abc', type: 'int' }]);
    expect(env.warnings?.[0]).toContain('is not a valid xsd:int');
  });

  it('gives typed forms beside the raw string for every typed xsi:type', () => {
    const values: Array<[string, string, unknown]> = [
      ['boolean', '1', true],
      ['int', '-0042', -42],
      ['unsignedInt', '4294967295', 4294967295],
      ['long', '-9223372036854775808', -9223372036854775808n],
      ['unsignedLong', '18446744073709551615', 18446744073709551615n],
      ['dateTime', '0001-01-01T00:00:00Z', new Date('0001-01-01T00:00:00Z')],
      ['base64', 'AAEC', Uint8Array.of(0, 1, 2)],
      ['hexBinary', '0a0B', Uint8Array.of(10, 11)],
    ];
    const list = values.map(([type, text], i) => `<ParameterValueStruct><Name>P${i}</Name><Value xsi:type="xsd:${type}">${text}</Value></ParameterValueStruct>`).join('');
    const params = inform(informWith('ParameterList', `<ParameterList>${list}</ParameterList>`)).ParameterList;
    expect(params.map((p) => p.typed)).toEqual(values.map(([, , typed]) => typed));
    expect(params.map((p) => p.Value)).toEqual(values.map(([, text]) => text));
  });

  it('skips unknown elements with a warning naming their path', () => {
    const body = informWith('DeviceId', '<DeviceId><Manufacturer>M</Manufacturer><OUI>001122</OUI><WanIPAddress>192.0.2.1</WanIPAddress><ProductClass>P</ProductClass><SerialNumber>S</SerialNumber></DeviceId>');
    const env = decodeOk(body);
    expect((env.message as Inform).DeviceId).toEqual({ Manufacturer: 'M', OUI: '001122', ProductClass: 'P', SerialNumber: 'S' });
    expect(env.warnings).toEqual(['skipped unknown element Inform/DeviceId/WanIPAddress']);
  });

  it('reads a body with CRLF line ends, indentation and a BOM', () => {
    const body = informWith('MaxEnvelopes', '<MaxEnvelopes>\r\n  1\r\n</MaxEnvelopes>').replace(/></g, '>\r\n  <');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]);
    expect(inform(bytes).MaxEnvelopes).toBe(1);
  });

  it('reads ChangeDUState operations written as repeated elements with xsi:type', () => {
    const env = decodeOk(envelope('<cwmp:ChangeDUState><Operations xsi:type="cwmp:InstallOpStruct"><URL>http://x/a.ipk</URL></Operations><Operations xsi:type="cwmp:UninstallOpStruct"><UUID>u-1</UUID></Operations><CommandKey>k</CommandKey></cwmp:ChangeDUState>'));
    expect(env.message).toEqual({ kind: 'ChangeDUState', CommandKey: 'k', Operations: [{ type: 'InstallOpStruct', URL: 'http://x/a.ipk' }, { type: 'UninstallOpStruct', UUID: 'u-1' }] });
  });

  it('reads ChangeDUState operations written as one wrapper with typed children', () => {
    const env = decodeOk(envelope('<cwmp:ChangeDUState><Operations><UpdateOpStruct><UUID>u-2</UUID></UpdateOpStruct><InstallOpStruct><URL>u</URL></InstallOpStruct></Operations></cwmp:ChangeDUState>'));
    expect(env.message).toEqual({ kind: 'ChangeDUState', Operations: [{ type: 'UpdateOpStruct', UUID: 'u-2' }, { type: 'InstallOpStruct', URL: 'u' }] });
  });
});

describe('limits', () => {
  it('answers INVALID_ARGUMENTS for more than the 64 events of the XSD', () => {
    const events = '<EventStruct><EventCode>4 VALUE CHANGE</EventCode><CommandKey/></EventStruct>'.repeat(65);
    expect(decodeError(informWith('Event', `<Event>${events}</Event>`)).message).toContain('Inform/Event has more than 64 entries');
  });

  it('accepts exactly 64 events', () => {
    const events = '<EventStruct><EventCode>4 VALUE CHANGE</EventCode><CommandKey/></EventStruct>'.repeat(64);
    expect(inform(informWith('Event', `<Event>${events}</Event>`)).Event).toHaveLength(64);
  });

  it('warns about a value longer than its XSD length by default and refuses it when asked', () => {
    const body = informWith('DeviceId', `<DeviceId><Manufacturer>${'M'.repeat(65)}</Manufacturer><OUI>001122</OUI><ProductClass>P</ProductClass><SerialNumber>S</SerialNumber></DeviceId>`);
    expect(decodeOk(body).warnings?.[0]).toContain('Inform/DeviceId/Manufacturer is 65 characters long, more than the 64 of the XSD');
    const refused = decodeEnvelope(body, { lengthPolicy: 'reject' });
    expect(refused.ok === false && refused.error).toMatchObject({ code: 'PRV_ERR_CODEC_INVALID_ARGUMENTS', cwmpFault: 8003 });
  });

  it('answers XML_LIMIT when the body has more elements than the limit', () => {
    const result = decodeEnvelope(envelope(`<cwmp:X>${'<a/>'.repeat(200)}</cwmp:X>`), { limits: { maxElements: 100 } });
    expect(result.ok === false && result.error.code).toBe('PRV_ERR_CODEC_XML_LIMIT');
  });

  it('answers CHARSET_UNSUPPORTED for a charset Provisio does not read', () => {
    const result = decodeEnvelope(Buffer.from(envelope(RESPONSE)), { charset: 'klingon-8' });
    expect(result.ok === false && result.error.code).toBe('PRV_ERR_CODEC_CHARSET_UNSUPPORTED');
  });

  it('reads an ISO-8859-1 body named by the Content-Type charset', () => {
    const body = Buffer.from(informWith('ParameterList', '<ParameterList><ParameterValueStruct><Name>A</Name><Value>café</Value></ParameterValueStruct></ParameterList>'), 'latin1');
    const env = decodeEnvelope(body, { charset: 'ISO-8859-1' });
    expect(env.ok && (env.envelope.message as Inform).ParameterList[0]?.Value).toBe('café');
  });
});

describe('faults', () => {
  it('reads a bare cwmp:Fault in the Body as a Fault, with a warning', () => {
    const env = decodeOk(envelope('<cwmp:Fault><FaultCode>9002</FaultCode><FaultString>Internal error</FaultString></cwmp:Fault>'));
    expect(env.message).toEqual({ kind: 'Fault', faultcode: '', faultstring: '', FaultCode: 9002, FaultString: 'Internal error', SetParameterValuesFault: [] });
    expect(env.warnings?.[0]).toContain('without a SOAP Fault');
  });
});
