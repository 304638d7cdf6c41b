/** encode → decode gives back the message and header, for every message the encoder writes. */
import { describe, expect, it } from 'vitest';
import { encodeEnvelope, type EncodableMessage } from '../../src/codec/encode.js';
import { CWMP_NAMESPACES, type CwmpHeader, type CwmpMessage } from '../../src/codec/messages.js';
import { decodeOk } from './helpers.js';

const MESSAGES: EncodableMessage[] = [
  {
    kind: 'Inform',
    DeviceId: { Manufacturer: 'Acme <Labs> & "Co"', OUI: '00AA11', ProductClass: '', SerialNumber: 'SN\'1' },
    Event: [
      { EventCode: '1 BOOT', CommandKey: '' },
      { EventCode: 'M Reboot', CommandKey: ' key with spaces ' },
    ],
    MaxEnvelopes: 1,
    CurrentTime: '2024-05-01T08:30:00Z',
    RetryCount: 4,
    ParameterList: [
      { Name: 'Device.DeviceInfo.SoftwareVersion', Value: '1.0 <rc1> & more', type: 'string' },
      { Name: 'Device.DeviceInfo.UpTime', Value: '4294967295', type: 'unsignedInt' },
      { Name: 'Device.WiFi.SSID.1.SSID', Value: '  padded\tvalue\r\nwith lines  ', type: 'string' },
      { Name: 'Device.X_Vendor.Unicode', Value: 'Grüße — 日本語 — 🚀', type: 'string' },
    ],
  },
  { kind: 'Inform', DeviceId: { Manufacturer: 'M', OUI: '001122', ProductClass: 'P', SerialNumber: 'S' }, Event: [], MaxEnvelopes: 1, CurrentTime: '0001-01-01T00:00:00Z', RetryCount: 0, ParameterList: [] },
  { kind: 'InformResponse', MaxEnvelopes: 1 },
  { kind: 'GetParameterValues', ParameterNames: ['Device.DeviceInfo.', 'Device.WiFi.AccessPoint.*.AssociatedDevice.*.SignalStrength'] },
  { kind: 'GetParameterValues', ParameterNames: [] },
  {
    kind: 'GetParameterValuesResponse',
    ParameterList: [
      { Name: 'Device.WiFi.Radio.1.Enable', Value: 'true', type: 'boolean' },
      { Name: 'Device.WiFi.SSID.1.SSID', Value: '', type: 'string' },
      { Name: 'Device.Time.CurrentLocalTime', Value: '2024-05-01T08:30:00Z', type: 'dateTime' },
    ],
  },
  { kind: 'Fault', faultcode: 'Server', faultstring: 'CWMP fault', FaultCode: 8002, FaultString: 'Internal error', SetParameterValuesFault: [] },
  {
    kind: 'Fault',
    faultcode: 'Client',
    faultstring: 'CWMP fault',
    FaultCode: 9003,
    FaultString: 'Invalid arguments',
    SetParameterValuesFault: [
      { ParameterName: 'Device.A', FaultCode: 9007, FaultString: 'Invalid parameter value' },
      { ParameterName: 'Device.B', FaultCode: 9008, FaultString: '' },
    ],
  },
];

/** The message without the typed forms the decoder adds beside typed Values (checked in typed-values.test.ts). */
function withoutTyped(message: CwmpMessage): CwmpMessage {
  if (!('ParameterList' in message)) return message;
  const list = (message.ParameterList as unknown as Array<Record<string, unknown>>).map(({ typed: _typed, ...rest }) => rest);
  return { ...message, ParameterList: list } as unknown as CwmpMessage;
}

const HEADERS: CwmpHeader[] = [
  {},
  { id: 'abc-1' },
  { id: '7 & <8>', holdRequests: true, sessionTimeout: 30, supportedCwmpVersions: '1.0,1.4', useCwmpVersion: '1.4', noMoreRequests: false },
];

describe('round trip', () => {
  for (const message of MESSAGES) {
    const label = `${message.kind}${'ParameterList' in message ? ` with ${message.ParameterList.length} parameters` : ''}`;
    it(`gives back a ${label}`, () => {
      const env = decodeOk(encodeEnvelope(message, { namespace: 'urn:dslforum-org:cwmp-1-2', header: { id: '1' } }));
      expect(withoutTyped(env.message)).toEqual(message);
    });
  }

  for (const namespace of CWMP_NAMESPACES) {
    it(`keeps the namespace ${namespace}`, () => {
      const env = decodeOk(encodeEnvelope({ kind: 'InformResponse', MaxEnvelopes: 1 }, { namespace }));
      expect(env.namespace).toBe(namespace);
    });
  }

  for (const header of HEADERS) {
    it(`gives back the header ${JSON.stringify(header)}`, () => {
      const env = decodeOk(encodeEnvelope({ kind: 'InformResponse', MaxEnvelopes: 1 }, { namespace: 'urn:dslforum-org:cwmp-1-0', header }));
      // Every envelope carries a cwmp:ID; the encoder makes one up when the header has none.
      expect(env.header).toEqual(header.id === undefined ? { ...header, id: expect.stringMatching(/^prv-\d+$/) } : header);
    });
  }

  it('gives back the namespace of a Fault from its cwmp:Fault detail', () => {
    const env = decodeOk(encodeEnvelope(MESSAGES[6]!, { namespace: 'urn:dslforum-org:cwmp-1-1' }));
    expect(env.namespace).toBe('urn:dslforum-org:cwmp-1-1');
  });

  it('gives back a GetParameterValuesResponse larger than one tokenizer write', () => {
    const ParameterList = Array.from({ length: 3000 }, (_, i) => ({ Name: `Device.Hosts.Host.${i}.HostName`, Value: `hôte-${i} 🚀 &`, type: 'string' }));
    const env = decodeOk(encodeEnvelope({ kind: 'GetParameterValuesResponse', ParameterList }, { namespace: 'urn:dslforum-org:cwmp-1-2' }));
    expect(env.message).toEqual({ kind: 'GetParameterValuesResponse', ParameterList });
  });

  it('types a Value without xsi:type as string on the wire', () => {
    const env = decodeOk(encodeEnvelope({ kind: 'GetParameterValuesResponse', ParameterList: [{ Name: 'A', Value: 'v' }] }, { namespace: 'urn:dslforum-org:cwmp-1-2' }));
    expect(env.message).toEqual({ kind: 'GetParameterValuesResponse', ParameterList: [{ Name: 'A', Value: 'v', type: 'string' }] });
  });
});
