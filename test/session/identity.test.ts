import { describe, expect, it } from 'vitest';
import { formatSessionCookie, parseSessionCookie, newSessionId } from '../../src/session/cookie.js';
import { deviceIdOf, isDeviceId } from '../../src/session/device-id.js';
import { decodeSessionState, encodeSessionState } from '../../src/session/session-state.js';

describe('device ids', () => {
  it('joins OUI, product class and serial with dashes', () => {
    expect(deviceIdOf({ OUI: '00D09E', ProductClass: 'HGW', SerialNumber: 'SN.1_a' })).toBe('00D09E-HGW-SN.1_a');
  });

  it('escapes dashes, braces, spaces and non-ASCII so the split stays unambiguous', () => {
    const id = deviceIdOf({ OUI: '00D09E', ProductClass: 'HG-W {x}', SerialNumber: 'é' });
    expect(id).toBe('00D09E-HG%2DW%20%7Bx%7D-%C3%A9');
    expect(isDeviceId(id)).toBe(true);
  });

  it('refuses strings that no device could have', () => {
    expect(isDeviceId('a-b')).toBe(false);
    expect(isDeviceId('a-b-c}')).toBe(false);
    expect(isDeviceId(`a-b-${'c'.repeat(600)}`)).toBe(false);
  });
});

describe('session cookies', () => {
  it('reads back the device and session it was issued for', () => {
    const ref = { deviceId: '00D09E-HGW-SN1', sessionId: newSessionId() };
    const header = `other=1; ${formatSessionCookie(ref).split(';')[0]}; more=2`;
    expect(parseSessionCookie(header)).toEqual(ref);
  });

  it('ignores cookies it could not have issued', () => {
    expect(parseSessionCookie('provisio_session=00D09E-HGW-SN1.short')).toBeUndefined();
    expect(parseSessionCookie(`provisio_session=bad}id.${'a'.repeat(32)}`)).toBeUndefined();
    expect(parseSessionCookie(undefined)).toBeUndefined();
  });
});

describe('session state encoding', () => {
  it('round-trips every field', () => {
    const state = { deviceId: 'a-b-c', namespaceIndex: 2, startedMs: 1_764_000_000_123, rpcCount: 3, cpeDone: true, inflightTaskId: 't1', inflightRequestId: 't1.3' };
    expect(decodeSessionState(encodeSessionState(state))).toEqual(state);
  });

  it('stays small', () => {
    const state = { deviceId: '00D09E-HGW-SN0000001', namespaceIndex: 2, startedMs: Date.now(), rpcCount: 1, cpeDone: true, inflightTaskId: '0123456789abcdef01234567', inflightRequestId: '0123456789abcdef01234567.1' };
    expect(encodeSessionState(state).length).toBeLessThan(100);
  });
});
