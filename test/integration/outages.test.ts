/**
 * Redis or ClickHouse going away: CPEs get 503 while the session store is down and the node
 * recovers by itself; a ClickHouse outage never touches the CWMP path and loses no row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startClickHouse, startRedis, type PrivateServer } from '../support/servers.js';
import { startTestProvisio, uniqueName, type TestProvisio } from '../support/provisio.js';
import { TestCpe } from '../support/test-cpe.js';

describe('session store and ClickHouse outages', () => {
  let redis: PrivateServer;
  let clickhouse: PrivateServer;
  let acs: TestProvisio;
  let cpe: TestCpe;
  const identity = { Manufacturer: 'Provisio Test Devices', OUI: '00D09E', ProductClass: 'HGW-1', SerialNumber: uniqueName('OUT') };
  const kinds = (t: Awaited<ReturnType<TestCpe['runSession']>>) => t.received.map((r) => r.message?.kind ?? r.status);

  beforeAll(async () => {
    [redis, clickhouse] = await Promise.all([startRedis(), startClickHouse()]);
    acs = await startTestProvisio({
      redis: { url: redis.url, keyPrefix: 'prv:' },
      clickhouse: { url: clickhouse.url, database: 'provisio' },
    });
    cpe = new TestCpe({ url: acs.cwmpUrl, deviceId: identity });
  }, 120_000);

  afterAll(async () => {
    cpe?.close();
    await acs?.stop();
    await Promise.all([redis?.stop(), clickhouse?.stop()]);
  });

  it('answers 503 with Retry-After while Redis is down', async () => {
    await redis.kill();
    const res = await cpe.post(cpe.informBody(['2 PERIODIC']));
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe(String(acs.config.workers.retryAfterS));
    expect(res.headers['x-provisio-error']).toBe('PRV_ERR_STORE_UNAVAILABLE');
  });

  it('serves sessions again once Redis is back, without a restart', async () => {
    await redis.restart();
    let last: string[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      last = kinds(await cpe.runSession(['2 PERIODIC'])).map(String);
      if (last[0] === 'InformResponse') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(last).toEqual(['InformResponse', '204']);
  });

  it('completes sessions while ClickHouse is down', async () => {
    await acs.provisio.writer.flush();
    await clickhouse.kill();
    for (let i = 0; i < 3; i++) expect(kinds(await cpe.runSession(['2 PERIODIC']))).toEqual(['InformResponse', 204]);
    expect(acs.provisio.writer.stats().heldRows).toBeGreaterThan(0);
  });

  it('writes the held rows once ClickHouse is back', async () => {
    await clickhouse.restart();
    await acs.provisio.writer.flush();
    const rows = await acs.provisio.clickhouse.query<{ n: string | number }>(`SELECT count() AS n FROM provisio.sessions WHERE serial_number = '${identity.SerialNumber}'`);
    // One session before the outage of Redis ended in 503; every later session left a row.
    expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(4);
    expect(acs.provisio.writer.stats().heldRows).toBe(0);
  });
});

describe('a ClickHouse server that is down when Provisio starts', () => {
  let clickhouse: PrivateServer | undefined;
  let acs: TestProvisio;

  afterAll(async () => {
    await acs?.stop();
    await clickhouse?.stop();
  });

  it('serves CPEs anyway and writes the held rows once the server answers', async () => {
    const port = await freePort();
    acs = await startTestProvisio({ clickhouse: { url: `http://127.0.0.1:${port}`, database: 'provisio' } });
    expect(acs.provisio.clickhouse.description).toContain('not answering yet');
    const cpe = new TestCpe({ url: acs.cwmpUrl, deviceId: { Manufacturer: 'M', OUI: '00D09E', ProductClass: 'HGW-1', SerialNumber: 'LATECH1' } });
    const t = await cpe.runSession(['1 BOOT']);
    cpe.close();
    expect(t.received.map((r) => r.message?.kind ?? r.status)).toEqual(['InformResponse', 204]);
    clickhouse = await startClickHouse({ port });
    await acs.provisio.writer.flush();
    const rows = await acs.provisio.clickhouse.query<{ n: string }>(`SELECT count() AS n FROM provisio.sessions WHERE serial_number = 'LATECH1'`);
    expect(Number(rows[0]?.n)).toBe(1);
  }, 60_000);
});
