import { describe, expect, it } from 'vitest';
import { isLegacyPath, lookupParameter, type ParameterInfo } from '../../src/codec/parameter-registry.js';

function parameter(path: string): ParameterInfo {
  const entry = lookupParameter(path);
  if (entry === undefined || entry.isObject) throw new Error(`${path} is not a parameter in the registry`);
  return entry;
}

describe('lookupParameter: TR-181 Device:2.19', () => {
  it('resolves StatsCounter64 counters to unsignedLong, read-only, with units', () => {
    const info = parameter('Device.IP.Interface.3.Stats.BytesSent');
    expect(info).toMatchObject({
      path: 'Device.IP.Interface.{i}.Stats.BytesSent',
      type: 'unsignedLong',
      xsiType: 'xsd:unsignedLong',
      namedType: 'StatsCounter64',
      access: 'readOnly',
      units: 'bytes',
      activeNotify: 'canDeny',
      list: undefined,
    });
  });

  it('gives Device.WiFi.SSID.{i}.SSID as a writable string of at most 32 characters', () => {
    expect(parameter('Device.WiFi.SSID.1.SSID')).toMatchObject({ type: 'string', xsiType: 'xsd:string', access: 'readWrite', sizes: [{ maxLength: 32 }], namedType: undefined });
  });

  it('resolves IPv4Address through its base IPAddress with the derived size and patterns', () => {
    const info = parameter('Device.IP.Interface.1.IPv4Address.2.IPAddress');
    expect(info.namedType).toBe('IPv4Address');
    expect(info.type).toBe('string');
    expect(info.sizes).toEqual([{ maxLength: 15 }]);
    expect(info.patterns[0]).toBe('');
    expect(info.patterns).toHaveLength(2);
  });

  it('resolves MACAddress with its pattern', () => {
    expect(parameter('Device.Ethernet.Interface.2.MACAddress')).toMatchObject({ namedType: 'MACAddress', access: 'readOnly', sizes: [{ maxLength: 17 }] });
  });

  it('keeps DiagnosticsState enumerations, including the values only the CPE may set', () => {
    const info = parameter('Device.IP.Diagnostics.IPPing.DiagnosticsState');
    expect(info.access).toBe('readWrite');
    expect(info.enumerations).toEqual(expect.arrayContaining(['None', 'Requested', 'Complete', 'Error_CannotResolveHostName']));
    expect(info.readOnlyEnumerations).toContain('Complete');
    expect(info.readOnlyEnumerations).not.toContain('Requested');
  });

  it('overlays a use-site range on a named type (Dbm1000)', () => {
    expect(parameter('Device.Optical.Interface.1.OpticalSignalLevel')).toMatchObject({ type: 'int', namedType: 'Dbm1000', ranges: [{ min: -65536, max: 65534, step: 2 }] });
  });

  it('gives ranges, units and fixed-size patterns of built-in types', () => {
    expect(parameter('Device.WiFi.Radio.1.Channel')).toMatchObject({ type: 'unsignedInt', access: 'readWrite', ranges: [{ min: 1, max: 255 }] });
    expect(parameter('Device.DeviceInfo.ProcessStatus.CPUUsage')).toMatchObject({ ranges: [{ max: 100 }], units: 'percent' });
    expect(parameter('Device.DeviceInfo.ManufacturerOUI')).toMatchObject({ sizes: [{ minLength: 6, maxLength: 6 }], patterns: ['[0-9A-F]{6}'] });
  });

  it('types booleans, dateTimes and int units', () => {
    expect(parameter('Device.ManagementServer.PeriodicInformEnable')).toMatchObject({ type: 'boolean', xsiType: 'xsd:boolean', access: 'readWrite' });
    expect(parameter('Device.Time.CurrentLocalTime')).toMatchObject({ type: 'dateTime', xsiType: 'xsd:dateTime', access: 'readOnly' });
    expect(parameter('Device.DSL.Line.1.DownstreamNoiseMargin')).toMatchObject({ type: 'int', units: '0.1dB' });
  });

  it('sends list-valued parameters as xsd:string and describes the list', () => {
    const info = parameter('Device.IP.Interface.1.LowerLayers');
    expect(info).toMatchObject({ type: 'string', xsiType: 'xsd:string', pathRef: true, access: 'readWrite' });
    expect(info.list).toEqual({ sizes: [{ maxLength: 1024 }], nested: false });
    expect(parameter('Device.WiFi.Radio.1.OperatingStandards').enumerationRef).toBe('SupportedStandards');
  });

  it('flags hidden, forced-inform and command parameters', () => {
    expect(parameter('Device.ManagementServer.Password').hidden).toBe(true);
    expect(parameter('Device.ManagementServer.ParameterKey').forcedInform).toBe(true);
    expect(parameter('Device.IP.Interface.1.Stats.Reset')).toMatchObject({ type: 'boolean', command: true });
  });
});

describe('lookupParameter: TR-098 InternetGatewayDevice:1', () => {
  it('gives PeriodicInformInterval as a writable unsignedInt of at least 1', () => {
    expect(parameter('InternetGatewayDevice.ManagementServer.PeriodicInformInterval')).toMatchObject({
      path: 'InternetGatewayDevice.ManagementServer.PeriodicInformInterval',
      type: 'unsignedInt',
      xsiType: 'xsd:unsignedInt',
      access: 'readWrite',
      ranges: [{ min: 1 }],
    });
  });

  it('keeps TR-098 byte counters as plain unsignedInt', () => {
    expect(parameter('InternetGatewayDevice.WANDevice.1.WANCommonInterfaceConfig.TotalBytesSent')).toMatchObject({ type: 'unsignedInt', namedType: undefined, access: 'readOnly' });
  });

  it('resolves two instance levels', () => {
    expect(parameter('InternetGatewayDevice.LANDevice.1.WLANConfiguration.4.SSID')).toMatchObject({ path: 'InternetGatewayDevice.LANDevice.{i}.WLANConfiguration.{i}.SSID', sizes: [{ maxLength: 32 }] });
  });
});

describe('lookupParameter: TR-104 VoiceService:2 mounted under Services.', () => {
  it('finds SIP client credentials under Device.Services.VoiceService.{i}.', () => {
    expect(parameter('Device.Services.VoiceService.1.SIP.Client.2.AuthUserName')).toMatchObject({
      path: 'Device.Services.VoiceService.{i}.SIP.Client.{i}.AuthUserName',
      type: 'string',
      access: 'readWrite',
      sizes: [{ maxLength: 128 }],
    });
  });

  it('resolves the service model StatsCounter64 in call-log RTP statistics', () => {
    expect(parameter('Device.Services.VoiceService.1.CallLog.7.Session.1.Destination.RTP.BytesSent')).toMatchObject({ type: 'unsignedLong', namedType: 'StatsCounter64', access: 'readOnly' });
  });

  it('mounts the same model under InternetGatewayDevice.Services.', () => {
    expect(parameter('InternetGatewayDevice.Services.VoiceService.1.SIP.Client.1.AuthPassword')).toMatchObject({
      path: 'InternetGatewayDevice.Services.VoiceService.{i}.SIP.Client.{i}.AuthPassword',
      secured: true,
    });
  });
});

describe('lookupParameter: path forms', () => {
  it('accepts {i}, *, and [alias] wherever an instance number goes', () => {
    for (const path of ['Device.IP.Interface.{i}.Stats.BytesSent', 'Device.IP.Interface.*.Stats.BytesSent', 'Device.IP.Interface.[cpe-wan].Stats.BytesSent', 'Device.IP.Interface.4294967295.Stats.BytesSent']) {
      expect(lookupParameter(path)?.path, path).toBe('Device.IP.Interface.{i}.Stats.BytesSent');
    }
  });

  it('returns one shared entry per pattern', () => {
    expect(lookupParameter('Device.WiFi.SSID.1.SSID')).toBe(lookupParameter('Device.WiFi.SSID.2.SSID'));
  });

  it('resolves partial paths to objects, tables and rows', () => {
    expect(lookupParameter('Device.')).toEqual({ isObject: true, path: 'Device.', kind: 'object', access: 'readOnly', status: 'current' });
    expect(lookupParameter('Device.IP.Interface.')).toMatchObject({ isObject: true, kind: 'table', access: 'readWrite' });
    expect(lookupParameter('Device.IP.Interface.2.')).toMatchObject({ isObject: true, kind: 'row', path: 'Device.IP.Interface.{i}.' });
    expect(lookupParameter('Device.IP.Interface.2.Stats.')).toMatchObject({ isObject: true, kind: 'object', path: 'Device.IP.Interface.{i}.Stats.' });
    expect(lookupParameter('Device.Services.VoiceService.')).toMatchObject({ isObject: true, kind: 'table' });
  });

  it('does not mix up parameters and objects', () => {
    expect(lookupParameter('Device.IP.Interface.2.Stats')).toBeUndefined();
    expect(lookupParameter('Device.IP.Interface.2.Stats.BytesSent.')).toBeUndefined();
    expect(lookupParameter('Device.IP.Interface.Stats.BytesSent')).toBeUndefined();
  });

  it('returns undefined for unknown and malformed paths', () => {
    for (const path of ['', '.', 'Device', 'Device..IP.', 'Devices.IP.', 'Device.IP.Interface.1.Stats.NoSuchCounter', 'Device.IP.Interface.1x.Stats.BytesSent', 'VoiceService.1.SIP.', 'Device.IP.Interface.1.Stats.BytesSent.Extra']) {
      expect(lookupParameter(path), JSON.stringify(path)).toBeUndefined();
    }
  });

  it('returns undefined for vendor X_ extensions at any level', () => {
    expect(lookupParameter('Device.X_ACME_Feature.Enable')).toBeUndefined();
    expect(lookupParameter('Device.WiFi.SSID.1.X_ACME_Hidden')).toBeUndefined();
    expect(lookupParameter('InternetGatewayDevice.X_0012AB_Debug.')).toBeUndefined();
  });

  it('keeps names deleted from the model out of the registry but knows them as legacy', () => {
    expect(lookupParameter('Device.DSL.Line.1.StandardUsed')).toBeUndefined();
    expect(isLegacyPath('Device.DSL.Line.1.StandardUsed')).toBe(true);
    expect(isLegacyPath('Device.DSL.Line.1.LinkStatus')).toBe(false);
    expect(isLegacyPath('Device.X_ACME_Feature')).toBe(false);
  });
});
