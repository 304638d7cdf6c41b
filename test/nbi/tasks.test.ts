import { describe, expect, it } from 'vitest';
import { createTokenCheck } from '../../src/nbi/token.js';
import { taskFromRequest } from '../../src/nbi/tasks.js';

describe('task requests', () => {
  it('accepts getParameterValues with full and partial paths', () => {
    const r = taskFromRequest('a-b-c', { name: 'getParameterValues', parameterNames: ['Device.WiFi.SSID.1.SSID', 'Device.DeviceInfo.'] }, 5);
    expect(r.ok && r.task).toMatchObject({ deviceId: 'a-b-c', status: 'pending', createdMs: 5, args: { parameterNames: ['Device.WiFi.SSID.1.SSID', 'Device.DeviceInfo.'] } });
  });

  it('refuses an unknown task name', () => {
    expect(taskFromRequest('a-b-c', { name: 'factoryReset' }, 0)).toMatchObject({ ok: false });
  });

  it('refuses an empty list, a non-path and an oversized list', () => {
    expect(taskFromRequest('a-b-c', { name: 'getParameterValues', parameterNames: [] }, 0).ok).toBe(false);
    expect(taskFromRequest('a-b-c', { name: 'getParameterValues', parameterNames: ['Device..x'] }, 0).ok).toBe(false);
    expect(taskFromRequest('a-b-c', { name: 'getParameterValues', parameterNames: Array(1001).fill('Device.') }, 0).ok).toBe(false);
  });
});

describe('the bearer token check', () => {
  const check = createTokenCheck('s3cret');
  it('accepts the token', () => expect(check('Bearer s3cret')).toBe(true));
  it('refuses a wrong, missing or non-bearer token', () => {
    expect(check('Bearer s3cre')).toBe(false);
    expect(check(undefined)).toBe(false);
    expect(check('Basic s3cret')).toBe(false);
  });
});
