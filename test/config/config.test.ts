import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

describe('configuration', () => {
  it('runs on embedded defaults with no settings', () => {
    const c = loadConfig({ env: {} });
    expect(c).toMatchObject({ cwmp: { port: 7547 }, nbi: { port: 7557 }, redis: { url: undefined }, clickhouse: { url: undefined } });
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it('takes PROVISIO_ variables over the defaults', () => {
    const c = loadConfig({ env: { PROVISIO_CWMP_PORT: '17547', PROVISIO_REDIS_URL: 'redis://r:6379/0' } });
    expect(c.cwmp.port).toBe(17547);
    expect(c.redis.url).toBe('redis://r:6379/0');
  });

  it('names the bad setting when a value is out of range', () => {
    expect(() => loadConfig({ env: { PROVISIO_CWMP_PORT: '70000' } })).toThrow(/cwmp\.port must be a whole number/);
  });

  it('refuses unknown settings', () => {
    expect(() => loadConfig({ env: {}, overrides: { nope: 1 } as never })).toThrow(/unknown setting nope/);
  });

  it('is frozen', () => {
    const c = loadConfig({ env: {} });
    expect(Object.isFrozen(c.cwmp)).toBe(true);
  });
});
