import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { connectStore, serveStore } from '../../src/store/local/bridge.js';
import { openLocalStore } from '../../src/store/local/local-store.js';
import { StoreUnavailableError, type SessionStore } from '../../src/store/session-store.js';
import { describeSessionStoreContract } from './session-store.contract.js';

const WORKER_URL = new URL('./bridge-worker.ts', import.meta.url).href;
const newChannel = (): string => `provisio-test-store-${randomUUID()}`;

/** The served store and its server travel with the client, so that cleanup closes all three. */
const served = new WeakMap<SessionStore, () => Promise<void>>();

describeSessionStoreContract(
  'local through the thread bridge',
  async () => {
    const local = await openLocalStore();
    const channel = newChannel();
    const server = serveStore(local, channel);
    const client = connectStore(channel);
    served.set(client, async () => {
      server.close();
      await local.close();
    });
    return client;
  },
  async (client) => {
    await client.close();
    await served.get(client)?.();
  },
);

describe('local store bridge', () => {
  it('serves a worker thread: state bytes intact, busy and errors as they are in the main thread', async () => {
    const local = await openLocalStore();
    const channel = newChannel();
    const server = serveStore(local, channel);
    const deviceId = '00D09E-Bridge-SN1';
    // Node 20 ignores `--import` in a worker's execArgv, so tsx is registered by the entry itself
    // before it imports the TypeScript worker.
    const entry = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}); })`;
    const worker = new Worker(entry, { eval: true, workerData: { channel, deviceId } });
    const exited = once(worker, 'exit') as Promise<[number]>;
    const [report] = (await once(worker, 'message')) as [Record<string, unknown>];
    // The worker never closed its client: it exits only if the bridge's channels are unref'd.
    const giveUp = new AbortController();
    const exitCode = await Promise.race([exited.then(([code]) => code), sleep(5_000, 'still running', { signal: giveUp.signal })]);
    giveUp.abort();
    if (exitCode === 'still running') await worker.terminate();
    server.close();

    expect(report.opened).toEqual({ ok: true, pendingTasks: [], replacedSessionId: undefined });
    expect(report.saved).toEqual({ ok: true });
    expect(report.loadedOk).toBe(true);
    expect(report.stateIsUint8Array).toBe(true);
    expect(report.state).toEqual(Array.from({ length: 256 }, (_, i) => i));
    expect(report.second).toEqual({ ok: false, reason: 'busy' });
    expect(report.error).toMatchObject({ name: 'Error', message: expect.stringContaining('exists already') });
    expect(exitCode).toBe(0);
    // What the worker did is in the main thread's store.
    expect(await local.sessionExists(deviceId, 'w1')).toBe(true);
    await local.close();
  });

  it('rejects with StoreUnavailableError when nobody serves the channel', async () => {
    const client = connectStore(newChannel(), { timeoutMs: 100 });
    const started = Date.now();
    await expect(client.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(1_000);
    await client.close();
  });

  it('rebuilds a StoreUnavailableError of the served store on the client side', async () => {
    const local = await openLocalStore();
    await local.close();
    const channel = newChannel();
    const server = serveStore(local, channel);
    const client = connectStore(channel);
    const error = await client.loadSession('00D09E-Bridge-SN2', 's1', 1_000).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).name).toBe('StoreUnavailableError');
    expect((error as Error).message).toContain('closed');
    await client.close();
    server.close();
  });

  it('leaves the served store open when a client closes', async () => {
    const local = await openLocalStore();
    const channel = newChannel();
    const server = serveStore(local, channel);
    const first = connectStore(channel);
    await first.close();
    await expect(first.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    const second = connectStore(channel);
    await expect(second.ping()).resolves.toBeUndefined();
    await second.close();
    server.close();
    await local.close();
  });
});
