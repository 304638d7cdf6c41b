import { describe, expect, it } from 'vitest';
import { lookupParameter, validateValue, type ParameterInfo } from '../../src/codec/parameter-registry.js';

function parameter(path: string): ParameterInfo {
  const entry = lookupParameter(path);
  if (entry === undefined || entry.isObject) throw new Error(`${path} is not a parameter in the registry`);
  return entry;
}

/** A synthetic parameter, for facet combinations the models do not happen to contain. */
function synthetic(overrides: Partial<ParameterInfo>): ParameterInfo {
  return {
    ...parameter('Device.WiFi.SSID.1.SSID'),
    sizes: [],
    ...overrides,
  };
}

describe('validateValue', () => {
  it('accepts boolean spellings true, false, 1 and 0 only', () => {
    const info = parameter('Device.ManagementServer.PeriodicInformEnable');
    for (const v of ['true', 'false', '1', '0']) expect(validateValue(info, v), v).toBeUndefined();
    expect(validateValue(info, 'TRUE')).toMatch(/not a boolean/);
    expect(validateValue(info, '')).toMatch(/not a boolean/);
  });

  it('checks unsignedInt syntax, bounds and ranges', () => {
    const info = parameter('InternetGatewayDevice.ManagementServer.PeriodicInformInterval');
    expect(validateValue(info, '300')).toBeUndefined();
    expect(validateValue(info, '0')).toMatch(/outside 1\.\./);
    expect(validateValue(info, '-5')).toMatch(/outside the unsignedInt range/);
    expect(validateValue(info, '4294967296')).toMatch(/outside the unsignedInt range/);
    expect(validateValue(info, '12.5')).toMatch(/not an unsignedInt/);
    expect(validateValue(info, '')).toMatch(/not an unsignedInt/);
  });

  it('checks closed ranges and steps', () => {
    expect(validateValue(parameter('Device.WiFi.Radio.1.Channel'), '256')).toBe('256 is outside 1..255');
    const level = parameter('Device.Optical.Interface.1.OpticalSignalLevel');
    expect(validateValue(level, '-12344')).toBeUndefined();
    expect(validateValue(level, '-12345')).toMatch(/step 2/);
    expect(validateValue(level, '65536')).toMatch(/outside/);
  });

  it('accepts any range among alternatives', () => {
    const info = synthetic({ type: 'unsignedInt', ranges: [{ min: 48, max: 57 }, { min: 65, max: 90 }] });
    expect(validateValue(info, '50')).toBeUndefined();
    expect(validateValue(info, '70')).toBeUndefined();
    expect(validateValue(info, '60')).toBe('60 is outside 48..57 or 65..90');
  });

  it('checks unsignedLong values beyond 2^53 exactly', () => {
    const info = parameter('Device.IP.Interface.1.Stats.BytesSent');
    expect(validateValue(info, '18446744073709551615')).toBeUndefined();
    expect(validateValue(info, '18446744073709551616')).toMatch(/outside the unsignedLong range/);
  });

  it('checks string length in characters, not UTF-16 units', () => {
    const ssid = parameter('Device.WiFi.SSID.1.SSID');
    expect(validateValue(ssid, 'x'.repeat(32))).toBeUndefined();
    expect(validateValue(ssid, 'x'.repeat(33))).toBe('length 33 characters is outside 0..32');
    expect(validateValue(ssid, '😀'.repeat(32))).toBeUndefined();
  });

  it('checks enumerations', () => {
    const info = parameter('Device.IP.Diagnostics.IPPing.DiagnosticsState');
    expect(validateValue(info, 'Requested')).toBeUndefined();
    expect(validateValue(info, 'requested')).toMatch(/^"requested" is not one of None, Requested/);
  });

  it('checks patterns, where an empty pattern allows the empty string', () => {
    const mac = parameter('Device.Ethernet.Interface.1.MACAddress');
    expect(validateValue(mac, '00:1A:2b:3C:4d:5E')).toBeUndefined();
    expect(validateValue(mac, '')).toBeUndefined();
    expect(validateValue(mac, '00-1A-2B-3C-4D-5E')).toMatch(/matches none of the patterns/);
    const address = parameter('Device.IP.Interface.1.IPv4Address.1.IPAddress');
    expect(validateValue(address, '192.168.1.1')).toBeUndefined();
    expect(validateValue(address, '256.1.1.1')).toMatch(/matches none/);
    expect(validateValue(parameter('Device.DeviceInfo.ManufacturerOUI'), '00AB1f')).toMatch(/matches none/);
  });

  it('checks dateTime, hexBinary, base64 and decimal forms', () => {
    expect(validateValue(parameter('Device.Time.CurrentLocalTime'), '2026-11-25T10:17:21Z')).toBeUndefined();
    expect(validateValue(parameter('Device.Time.CurrentLocalTime'), '0001-01-01T00:00:00Z')).toBeUndefined();
    expect(validateValue(parameter('Device.Time.CurrentLocalTime'), '2026-13-25T10:17:21Z')).toMatch(/not an ISO 8601 dateTime/);
    const hex = synthetic({ type: 'hexBinary', sizes: [{ minLength: 0, maxLength: 0 }, { minLength: 2, maxLength: 4 }] });
    expect(validateValue(hex, '')).toBeUndefined();
    expect(validateValue(hex, '0a0B')).toBeUndefined();
    expect(validateValue(hex, '0a')).toBe('length 1 octets is outside 0 or 2..4');
    expect(validateValue(hex, 'abc')).toMatch(/not hexBinary/);
    const b64 = synthetic({ type: 'base64', sizes: [{ maxLength: 4 }] });
    expect(validateValue(b64, 'AAECAw==')).toBeUndefined();
    expect(validateValue(b64, 'AAECAwQ=')).toMatch(/length 5 decoded octets/);
    expect(validateValue(b64, 'AAE')).toMatch(/not base64/);
    const decimal = synthetic({ type: 'decimal' });
    expect(validateValue(decimal, '-1.25')).toBeUndefined();
    expect(validateValue(decimal, '1e3')).toMatch(/not a decimal/);
  });

  it('checks list length, item count and each item', () => {
    const layers = parameter('Device.IP.Interface.1.LowerLayers');
    expect(validateValue(layers, '')).toBeUndefined();
    expect(validateValue(layers, 'Device.Ethernet.Link.1., Device.PPP.Interface.2.')).toBeUndefined();
    expect(validateValue(layers, 'x'.repeat(1025))).toBe('list length 1025 characters is outside 0..1024');
    const counted = synthetic({ type: 'unsignedInt', list: { minItems: 2, maxItems: 3, sizes: [], nested: false } });
    expect(validateValue(counted, '1,2')).toBeUndefined();
    expect(validateValue(counted, '1')).toBe('1 items, fewer than 2');
    expect(validateValue(counted, '1,2,3,4')).toBe('4 items, more than 3');
    expect(validateValue(counted, '1,x')).toBe('item 2: "x" is not an unsignedInt');
  });
});
