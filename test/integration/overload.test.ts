/** Past the bound of the worker queue the front end sheds load with 503 and Retry-After. */
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startTestProvisio, uniqueName, type TestProvisio } from '../support/provisio.js';
import { TestCpe } from '../support/test-cpe.js';

describe('a boot storm past the queue bound', () => {
  let acs: TestProvisio;

  beforeAll(async () => {
    acs = await startTestProvisio({
      workers: { threads: 1, concurrentTasksPerWorker: 1, maxQueue: 2, retryAfterS: 7 },
      redis: { url: inject('redisUrl'), keyPrefix: `${uniqueName('prv')}:` },
      clickhouse: { url: inject('clickhouseUrl'), database: uniqueName('provisio') },
    });
  });

  afterAll(() => acs?.stop());

  it('answers some Informs with 503 and Retry-After, and the rest normally', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 200 });
    const cpes = Array.from({ length: 200 }, (_, i) => new TestCpe({
      url: acs.cwmpUrl,
      agent,
      deviceId: { Manufacturer: 'Provisio Test Devices', OUI: '00D09E', ProductClass: 'HGW-1', SerialNumber: `STORM${i}` },
    }));
    const answers = await Promise.all(cpes.map((c) => c.post(c.informBody(['1 BOOT']))));
    agent.destroy();
    const refused = answers.filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((a) => a.headers['retry-after'] === '7' && a.headers['x-provisio-error'] === 'PRV_ERR_HTTP_OVERLOADED')).toBe(true);
    expect(answers.filter((a) => a.status === 200).length + refused.length).toBe(200);
  });
});
