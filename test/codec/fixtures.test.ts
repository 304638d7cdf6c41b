/**
 * Decoding bodies in the shapes real CPEs and ACSs send (hand-written fixtures): different
 * prefixes, default namespaces, qualified and unqualified arguments, cwmp-1-0 … cwmp-1-2.
 * The decoder takes whole bodies, so each fixture is decoded as a string, as bytes, and as bytes
 * behind a UTF-8 BOM.
 */
import { describe, expect, it } from 'vitest';
import { decodeOk, fixture } from './helpers.js';

const FIXTURES = [
  'inform-cwmp-1-0-igd.xml',
  'inform-cwmp-1-2-soapenv.xml',
  'inform-default-ns.xml',
  'inform-tr181-periodic.xml',
  'gpv-response-qualified.xml',
  'gpv-response-hosts.xml',
  'gpv-request.xml',
  'inform-response.xml',
  'fault-spv.xml',
  'transfer-complete.xml',
];

describe('every fixture', () => {
  for (const name of FIXTURES) {
    it(`decodes ${name} the same from a string, from bytes and from bytes with a BOM`, () => {
      const bytes = fixture(name);
      const fromBytes = decodeOk(bytes);
      expect(decodeOk(bytes.toString('utf8'))).toEqual(fromBytes);
      expect(decodeOk(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]))).toEqual(fromBytes);
      expect(decodeOk(new Uint8Array(bytes))).toEqual(fromBytes);
    });
  }
});

describe('Inform fixtures', () => {
  it('reads a cwmp-1-0 Inform with SOAP-ENV prefixes, arrayType and xsi:type', () => {
    const env = decodeOk(fixture('inform-cwmp-1-0-igd.xml'));
    expect(env.namespace).toBe('urn:dslforum-org:cwmp-1-0');
    expect(env.header).toEqual({ id: 'a1b2c3' });
    expect(env.message).toEqual({
      kind: 'Inform',
      DeviceId: { Manufacturer: 'Example Networks', OUI: '00D09E', ProductClass: 'IGD', SerialNumber: 'EX123456789' },
      Event: [
        { EventCode: '0 BOOTSTRAP', CommandKey: '' },
        { EventCode: '1 BOOT', CommandKey: '' },
      ],
      MaxEnvelopes: 1,
      CurrentTime: '2024-03-01T12:00:00+01:00',
      RetryCount: 0,
      ParameterList: [
        { Name: 'InternetGatewayDevice.DeviceInfo.SpecVersion', Value: '1.0', type: 'string' },
        { Name: 'InternetGatewayDevice.DeviceInfo.HardwareVersion', Value: 'HW 1.0', type: 'string' },
        { Name: 'InternetGatewayDevice.ManagementServer.ConnectionRequestURL', Value: 'http://192.0.2.10:7547/cr?id=1&k=2', type: 'string' },
        { Name: 'InternetGatewayDevice.ManagementServer.PeriodicInformInterval', Value: '3600', type: 'unsignedInt', typed: 3600 },
      ],
    });
  });

  it('reads the cwmp-1-2 header fields SessionTimeout and SupportedCWMPVersions', () => {
    const env = decodeOk(fixture('inform-cwmp-1-2-soapenv.xml'));
    expect(env.namespace).toBe('urn:dslforum-org:cwmp-1-2');
    expect(env.header).toEqual({ id: '42', sessionTimeout: 60, supportedCwmpVersions: '1.0,1.1,1.2,1.3,1.4' });
  });

  it('skips comments and unknown DeviceId children and trims identity fields and numbers', () => {
    const msg = decodeOk(fixture('inform-cwmp-1-2-soapenv.xml')).message;
    if (msg.kind !== 'Inform') return expect.fail(msg.kind);
    expect(msg.DeviceId).toEqual({ Manufacturer: 'Acme & Sons', OUI: 'A1B2C3', ProductClass: '', SerialNumber: 'SN-0001' });
    expect(msg.Event).toEqual([
      { EventCode: '2 PERIODIC', CommandKey: '' },
      { EventCode: 'M Reboot', CommandKey: 'reboot-7' },
    ]);
    expect(msg.RetryCount).toBe(3);
    expect(msg.CurrentTime).toBe('0001-01-01T00:00:00Z');
  });

  it('joins CDATA, text around comments and multi-byte UTF-8 in values', () => {
    const msg = decodeOk(fixture('inform-cwmp-1-2-soapenv.xml')).message;
    if (msg.kind !== 'Inform') return expect.fail(msg.kind);
    expect(msg.ParameterList.map((p) => p.Value)).toEqual(['5.4.1 <beta>', 'tagged', 'Café ☕ 𝄞']);
  });

  it('reads an Inform in a default cwmp-1-1 namespace with qualified children and no arrayType or xsi:type', () => {
    const env = decodeOk(fixture('inform-default-ns.xml'));
    expect(env.namespace).toBe('urn:dslforum-org:cwmp-1-1');
    expect(env.header).toEqual({ id: 'hdr-9', noMoreRequests: true });
    if (env.message.kind !== 'Inform') return expect.fail(env.message.kind);
    expect(env.message.Event).toEqual([{ EventCode: '6 CONNECTION REQUEST', CommandKey: '' }]);
    expect(env.message.ParameterList).toEqual([
      { Name: 'InternetGatewayDevice.DeviceSummary', Value: 'InternetGatewayDevice:1.1[](Baseline:1)' },
    ]);
  });

  it('reads all 32 parameters of a periodic TR-181 Inform, entities decoded', () => {
    const msg = decodeOk(fixture('inform-tr181-periodic.xml')).message;
    if (msg.kind !== 'Inform') return expect.fail(msg.kind);
    expect(msg.ParameterList).toHaveLength(32);
    expect(msg.ParameterList[18]).toEqual({ Name: 'Device.Optical.Interface.1.OpticalSignalLevel', Value: '-18312', type: 'int', typed: -18312 });
    expect(msg.ParameterList[31]?.Value).toBe('Power cycle (watchdog <none>)');
  });
});

describe('other message fixtures', () => {
  it('reads a GetParameterValuesResponse whose children carry the cwmp prefix', () => {
    const env = decodeOk(fixture('gpv-response-qualified.xml'));
    expect(env.namespace).toBe('urn:dslforum-org:cwmp-1-2');
    expect(env.message).toEqual({
      kind: 'GetParameterValuesResponse',
      ParameterList: [
        { Name: 'Device.WiFi.Radio.1.Channel', Value: '11', type: 'unsignedInt', typed: 11 },
        { Name: 'Device.WiFi.Radio.1.Enable', Value: 'true', type: 'boolean', typed: true },
        { Name: 'Device.WiFi.SSID.1.SSID', Value: '', type: 'string' },
        { Name: 'Device.DeviceInfo.UpTime', Value: '86400', type: 'unsignedInt', typed: 86400 },
      ],
    });
  });

  it('reads a GetParameterValues whose names are <string> or <xsd:string>, with HoldRequests false', () => {
    const env = decodeOk(fixture('gpv-request.xml'));
    expect(env.header).toEqual({ id: 'task-5', holdRequests: false });
    expect(env.message).toEqual({ kind: 'GetParameterValues', ParameterNames: ['Device.DeviceInfo.', 'Device.WiFi.SSID.1.SSID'] });
  });

  it('reads an InformResponse with UseCWMPVersion', () => {
    const env = decodeOk(fixture('inform-response.xml'));
    expect(env.header).toEqual({ id: '42', useCwmpVersion: '1.4' });
    expect(env.message).toEqual({ kind: 'InformResponse', MaxEnvelopes: 1 });
  });

  it('reads a SetParameterValues fault: prefix stripped from faultcode, one entry per parameter', () => {
    const env = decodeOk(fixture('fault-spv.xml'));
    expect(env.namespace).toBe('urn:dslforum-org:cwmp-1-0');
    expect(env.message).toEqual({
      kind: 'Fault',
      faultcode: 'Client',
      faultstring: 'CWMP fault',
      FaultCode: 9003,
      FaultString: 'Invalid arguments',
      SetParameterValuesFault: [
        { ParameterName: 'Device.WiFi.SSID.1.SSID', FaultCode: 9007, FaultString: 'Invalid parameter value' },
        { ParameterName: 'Device.DeviceInfo.UpTime', FaultCode: 9008, FaultString: '' },
      ],
    });
  });

  // Changed with the generated codec: every CWMP method is decoded now (the first cut answered Unknown).
  it('reads a TransferComplete with its FaultStruct', () => {
    const env = decodeOk(fixture('transfer-complete.xml'));
    expect(env.namespace).toBe('urn:dslforum-org:cwmp-1-2');
    expect(env.message).toEqual({
      kind: 'TransferComplete',
      CommandKey: 'fw-2024',
      FaultStruct: { FaultCode: 0, FaultString: '' },
      StartTime: '2024-03-01T10:00:00Z',
      CompleteTime: '2024-03-01T10:05:00Z',
    });
  });
});
