import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startRedis, type PrivateServer } from '../support/servers.js';

async function ping(url: string): Promise<string> {
  // No retries: a server that is down must fail the call at once, not after reconnect attempts.
  const redis = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await redis.ping();
  } finally {
    redis.disconnect();
  }
}

describe('servers provided by the global setup', () => {
  it('provides a Redis that answers PING', async () => {
    expect(await ping(inject('redisUrl'))).toBe('PONG');
  });

  it('provides a ClickHouse server that reports its version', async () => {
    const response = await fetch(`${inject('clickhouseUrl')}/?query=SELECT%20version()`);
    expect((await response.text()).trim()).toMatch(/^\d+\.\d+/);
  });

  it('keeps Redis off its default port', () => {
    expect(new URL(inject('redisUrl')).port).not.toBe('6379');
  });

  it('keeps ClickHouse off its default HTTP port', () => {
    expect(new URL(inject('clickhouseUrl')).port).not.toBe('8123');
  });
});

describe('an extra private Redis', () => {
  let server: PrivateServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('refuses connections after kill()', async () => {
    server = await startRedis();
    await server.kill();
    await expect(ping(server.url)).rejects.toThrow();
  });

  it('answers again on the same port after restart()', async () => {
    server = await startRedis();
    await server.kill();
    await server.restart();
    expect(await ping(server.url)).toBe('PONG');
  });

  it('removes its temporary folder on stop()', async () => {
    server = await startRedis();
    await server.stop();
    expect(existsSync(server.dir)).toBe(false);
  });
});
