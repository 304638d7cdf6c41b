/** The foundation scenario on the production backends: Redis and a ClickHouse server. */
import { Redis } from 'ioredis';
import { afterAll, describe, inject } from 'vitest';
import { uniqueName } from '../support/provisio.js';
import { defineSessionScenario } from './session-scenario.js';

describe('one CWMP session end to end on Redis and a ClickHouse server', () => {
  const keyPrefix = `${uniqueName('prv')}:`;
  const redis = new Redis(inject('redisUrl'));
  afterAll(() => redis.quit());

  defineSessionScenario({
    config: () => ({
      redis: { url: inject('redisUrl'), keyPrefix },
      clickhouse: { url: inject('clickhouseUrl'), database: uniqueName('provisio') },
    }),
    // Every session key of the device, whatever the store's layout: keys naming the device and "sess".
    sessionKeysLeft: async (deviceId) => (await redis.keys(`${keyPrefix}*`)).filter((k) => k.includes('sess') && k.includes(deviceId)).length,
  });
});
