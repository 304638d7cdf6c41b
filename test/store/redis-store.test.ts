import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisStore } from '../../src/store/redis/redis-store.js';
import { StoreUnavailableError } from '../../src/store/session-store.js';
import { freePort, startRedis, type PrivateServer } from '../support/servers.js';
import { describeSessionStoreContract } from './session-store.contract.js';

const url = inject('redisUrl');
/** A prefix per store keeps cases apart in the shared Redis, device index included. */
const newPrefix = (): string => `test:${randomUUID()}:`;

describeSessionStoreContract('redis', async () => createRedisStore({ url, keyPrefix: newPrefix() }));

describe('redis store', () => {
  it('leaves one state key per device after a session is replaced, none after it ends', async () => {
    const store = createRedisStore({ url, keyPrefix: newPrefix() });
    const D = '00D09E-Keys-SN1';
    const update = { state: Uint8Array.of(1), sessionTtlMs: 60_000, taskResultTtlMs: 60_000 };
    await store.openSession(D, 's1', 60_000, 60_000);
    await store.saveSession(D, 's1', update);
    await store.openSession(D, 's2', 60_000, 60_000);
    await store.saveSession(D, 's2', update);
    expect(await store.countSessionKeys(D)).toBe(1);
    await store.saveSession(D, 's2', { ...update, state: null });
    expect(await store.countSessionKeys(D)).toBe(0);
    await store.close();
  });

  it('waits for the first connection instead of failing the first calls', async () => {
    const store = createRedisStore({ url, keyPrefix: newPrefix() });
    await expect(store.openSession('00D09E-Early-SN1', 's1', 1_000, 1_000)).resolves.toMatchObject({ ok: true });
    await store.close();
  });

  it('hides the password of the URL in its description', () => {
    const store = createRedisStore({ url: 'redis://user:secret@127.0.0.1:1/0', keyPrefix: 'x:' });
    expect(store.description).not.toContain('secret');
    void store.close();
  });

  it('rejects with StoreUnavailableError naming the URL when nothing listens', async () => {
    const deadUrl = `redis://127.0.0.1:${await freePort()}/0`;
    const store = createRedisStore({ url: deadUrl, keyPrefix: 'x:' });
    const started = Date.now();
    const error = await store.ping().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toContain(deadUrl);
    expect(Date.now() - started).toBeLessThan(2_000);
    await store.close();
  });

  describe('when Redis goes down', () => {
    let server: PrivateServer;
    beforeAll(async () => {
      server = await startRedis();
    });
    afterAll(async () => {
      await server.stop();
    });

    it('rejects with StoreUnavailableError within 2 s, then serves again by itself once Redis is back', async () => {
      const store = createRedisStore({ url: server.url, keyPrefix: newPrefix() });
      const D = '00D09E-Outage-SN1';
      await store.openSession(D, 's1', 60_000, 60_000);
      await server.kill();

      const started = Date.now();
      const error = await store.loadSession(D, 's1', 1_000).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toContain(server.url);
      expect(Date.now() - started).toBeLessThan(2_000);
      // Still failing fast while it stays down, not hanging on reconnects.
      const again = Date.now();
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - again).toBeLessThan(2_000);

      await server.restart();
      const deadline = Date.now() + 5_000;
      let recovered = false;
      while (!recovered && Date.now() < deadline) {
        recovered = await store.ping().then(() => true, () => false);
        if (!recovered) await new Promise((r) => setTimeout(r, 50));
      }
      expect(recovered).toBe(true);
      // The restarted Redis kept nothing (no persistence): a new Inform opens a session.
      await expect(store.openSession(D, 's2', 60_000, 60_000)).resolves.toMatchObject({ ok: true });
      await store.close();
    });

    it('rejects with StoreUnavailableError after commandTimeoutMs when Redis hangs, then fails fast until it answers again', async () => {
      const store = createRedisStore({ url: server.url, keyPrefix: newPrefix(), commandTimeoutMs: 500 });
      await store.ping();
      const pid = Number(/process_id:(\d+)/.exec(await infoServer(server.url))?.[1]);
      process.kill(pid, 'SIGSTOP');
      try {
        const started = Date.now();
        await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(Date.now() - started).toBeLessThan(1_500);
        // The hung socket is dropped: the next calls do not wait out the timeout again.
        await new Promise((r) => setTimeout(r, 100));
        const again = Date.now();
        await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(Date.now() - again).toBeLessThan(400);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      const deadline = Date.now() + 5_000;
      while (!(await store.ping().then(() => true, () => false)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
    });
  });
});

async function infoServer(redisUrl: string): Promise<string> {
  const client = new Redis(redisUrl);
  try {
    return await client.info('server');
  } finally {
    client.disconnect();
  }
}
