/**
 * The session-store contract as one suite: every backend (Redis, the local store, the local store
 * through the thread bridge) runs exactly these cases, so they cannot drift apart.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TASK_LOOKAHEAD, type DeviceRecord, type SessionStore, type SessionUpdate, type TaskRecord } from '../../src/store/session-store.js';

const LONG_MS = 60_000;
const SHORT_MS = 150;
/** Long enough past SHORT_MS for a loaded CI machine; TTLs are exact in both backends. */
const PAST_SHORT_MS = 300;

let deviceCounter = 0;
const newDeviceId = (): string => `00D09E-Contract-SN${process.pid}x${++deviceCounter}`;

export function task(deviceId: string, id: string, createdMs = 1_000): TaskRecord {
  return { id, deviceId, name: 'getParameterValues', args: { parameterNames: [`Device.${id}.`] }, status: 'pending', createdMs };
}

export function device(id: string, lastInformMs: number, firstSeenMs = lastInformMs): DeviceRecord {
  return {
    id,
    manufacturer: 'Acme',
    oui: '00D09E',
    productClass: 'Contract',
    serialNumber: id.slice(id.lastIndexOf('-') + 1),
    firstSeenMs,
    lastInformMs,
    lastEvents: ['2 PERIODIC'],
    softwareVersion: `1.${lastInformMs}`,
  };
}

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const save = (state: Uint8Array | null, extra: Partial<SessionUpdate> = {}): SessionUpdate => ({ state, sessionTtlMs: LONG_MS, taskResultTtlMs: LONG_MS, ...extra });

/**
 * Registers the contract cases for one backend. `makeStore` gives each case a fresh, empty store
 * (for Redis: a new key prefix); `cleanup` runs after each case (default: `store.close()`).
 */
export function describeSessionStoreContract(
  name: string,
  makeStore: () => Promise<SessionStore>,
  cleanup: (store: SessionStore) => Promise<void> = (store) => store.close(),
): void {
  describe(`session store contract: ${name}`, () => {
    let store: SessionStore;
    let d: string;

    beforeEach(async () => {
      store = await makeStore();
      d = newDeviceId();
    });
    afterEach(async () => {
      await cleanup(store);
    });

    /** Opens a session and saves its first state, as the engine does on an Inform. */
    async function openAndSave(sessionId: string, state = bytes(1), extra: Partial<SessionUpdate> = {}): Promise<void> {
      expect((await store.openSession(d, sessionId, LONG_MS, LONG_MS)).ok).toBe(true);
      expect(await store.saveSession(d, sessionId, save(state, extra))).toEqual({ ok: true });
    }

    it('returns the first pending tasks of the device on open', async () => {
      for (const id of ['t1', 't2', 't3']) await store.enqueueTask(task(d, id));
      const opened = await store.openSession(d, 's1', LONG_MS, LONG_MS);
      expect(opened).toEqual({ ok: true, pendingTasks: [task(d, 't1'), task(d, 't2'), task(d, 't3')].slice(0, TASK_LOOKAHEAD), replacedSessionId: undefined });
    });

    it('returns the state of the latest save on load', async () => {
      await openAndSave('s1', bytes(1, 2, 3));
      const loaded = await store.loadSession(d, 's1', LONG_MS);
      expect(loaded.ok && Array.from(loaded.state)).toEqual([1, 2, 3]);
    });

    it('answers busy to a second load while the first holds the request lock', async () => {
      await openAndSave('s1');
      expect((await store.loadSession(d, 's1', LONG_MS)).ok).toBe(true);
      expect(await store.loadSession(d, 's1', LONG_MS)).toEqual({ ok: false, reason: 'busy' });
    });

    it('answers busy to a load between the open and its save', async () => {
      await store.openSession(d, 's1', LONG_MS, LONG_MS);
      expect(await store.loadSession(d, 's1', LONG_MS)).toEqual({ ok: false, reason: 'busy' });
    });

    it('releases the request lock on save so the next request loads', async () => {
      await openAndSave('s1');
      await store.loadSession(d, 's1', LONG_MS);
      await store.saveSession(d, 's1', save(bytes(2)));
      expect((await store.loadSession(d, 's1', LONG_MS)).ok).toBe(true);
    });

    it('answers busy to an Inform while a request of the older session holds the lock', async () => {
      await openAndSave('s1');
      await store.loadSession(d, 's1', LONG_MS);
      expect(await store.openSession(d, 's2', LONG_MS, LONG_MS)).toEqual({ ok: false, reason: 'busy' });
    });

    it('names the replaced session when an Inform opens a new one', async () => {
      await openAndSave('s1');
      const opened = await store.openSession(d, 's2', LONG_MS, LONG_MS);
      expect(opened.ok && opened.replacedSessionId).toBe('s1');
    });

    it('answers gone to a load of a session a newer Inform replaced', async () => {
      await openAndSave('s1');
      await openAndSave('s2');
      expect(await store.loadSession(d, 's1', LONG_MS)).toEqual({ ok: false, reason: 'gone' });
      expect(await store.sessionExists(d, 's1')).toBe(false);
      expect(await store.sessionExists(d, 's2')).toBe(true);
    });

    it('answers lost to a save after a newer Inform replaced the session', async () => {
      await openAndSave('s1');
      await store.openSession(d, 's2', LONG_MS, LONG_MS);
      expect(await store.saveSession(d, 's1', save(bytes(9)))).toEqual({ ok: false, reason: 'lost' });
    });

    it('writes nothing on a lost save: the completed task stays pending', async () => {
      await store.enqueueTask(task(d, 't1'));
      await openAndSave('s1');
      await store.loadSession(d, 's1', LONG_MS);
      await store.saveSession(d, 's1', save(bytes(1)));
      await store.openSession(d, 's2', LONG_MS, LONG_MS);
      const done: TaskRecord = { ...task(d, 't1'), status: 'done', completedMs: 2_000, result: { parameterValues: [] } };
      await store.saveSession(d, 's1', save(bytes(1), { completedTask: done }));
      expect(await store.getTask(d, 't1')).toEqual(task(d, 't1'));
    });

    it('ends the session on a save with null state and frees the device', async () => {
      await openAndSave('s1');
      expect(await store.saveSession(d, 's1', save(null))).toEqual({ ok: true });
      expect(await store.sessionExists(d, 's1')).toBe(false);
      expect(await store.loadSession(d, 's1', LONG_MS)).toEqual({ ok: false, reason: 'gone' });
      expect(await store.openSession(d, 's2', LONG_MS, LONG_MS)).toMatchObject({ ok: true, replacedSessionId: undefined });
    });

    it('expires a session after sessionTtlMs of quiet', async () => {
      await store.openSession(d, 's1', SHORT_MS, SHORT_MS);
      await store.saveSession(d, 's1', save(bytes(1), { sessionTtlMs: SHORT_MS }));
      expect(await store.sessionExists(d, 's1')).toBe(true);
      await sleep(PAST_SHORT_MS);
      expect(await store.sessionExists(d, 's1')).toBe(false);
      expect(await store.loadSession(d, 's1', LONG_MS)).toEqual({ ok: false, reason: 'gone' });
      expect(await store.saveSession(d, 's1', save(bytes(2)))).toEqual({ ok: false, reason: 'lost' });
    });

    it('frees the request lock on releaseLock, so the next request of the session is served', async () => {
      await openAndSave('s1');
      expect((await store.loadSession(d, 's1', LONG_MS)).ok).toBe(true);
      await store.releaseLock(d, 's1');
      expect((await store.loadSession(d, 's1', LONG_MS)).ok).toBe(true);
    });

    it('keeps the lock when another session asks to release it', async () => {
      await openAndSave('s1');
      await store.loadSession(d, 's1', LONG_MS);
      await store.releaseLock(d, 's2');
      expect(await store.loadSession(d, 's1', LONG_MS)).toEqual({ ok: false, reason: 'busy' });
    });

    it('frees the request lock after lockTtlMs', async () => {
      await openAndSave('s1');
      await store.loadSession(d, 's1', SHORT_MS);
      await sleep(PAST_SHORT_MS);
      expect((await store.loadSession(d, 's1', LONG_MS)).ok).toBe(true);
    });

    it('removes a completed task from the queue and shows its result on getTask', async () => {
      await store.enqueueTask(task(d, 't1'));
      await store.enqueueTask(task(d, 't2'));
      await openAndSave('s1');
      const loaded = await store.loadSession(d, 's1', LONG_MS);
      expect(loaded.ok && loaded.pendingTasks.map((t) => t.id)).toEqual(['t1', 't2']);
      const done: TaskRecord = { ...task(d, 't1'), status: 'done', completedMs: 2_000, result: { parameterValues: [{ name: 'Device.t1.X', value: 'v', type: 'xsd:string' }] } };
      await store.saveSession(d, 's1', save(bytes(1), { completedTask: done }));
      expect(await store.getTask(d, 't1')).toEqual(done);
      const next = await store.loadSession(d, 's1', LONG_MS);
      expect(next.ok && next.pendingTasks.map((t) => t.id)).toEqual(['t2']);
    });

    it('keeps a fault on a task the CPE refused', async () => {
      await store.enqueueTask(task(d, 't1'));
      await openAndSave('s1');
      const faulted: TaskRecord = { ...task(d, 't1'), status: 'fault', completedMs: 2_000, fault: { code: 9005, message: 'Invalid parameter name' } };
      await store.saveSession(d, 's1', save(bytes(1), { completedTask: faulted }));
      expect(await store.getTask(d, 't1')).toEqual(faulted);
    });

    it('forgets a finished task after taskResultTtlMs', async () => {
      await store.enqueueTask(task(d, 't1'));
      await openAndSave('s1');
      await store.saveSession(d, 's1', save(bytes(1), { completedTask: { ...task(d, 't1'), status: 'done', completedMs: 2 }, taskResultTtlMs: SHORT_MS }));
      await sleep(PAST_SHORT_MS);
      expect(await store.getTask(d, 't1')).toBeNull();
    });

    it('hands out tasks first in, first out', async () => {
      const ids = ['a', 'c', 'b', 'd', 'e'];
      for (const id of ids) await store.enqueueTask(task(d, id));
      const seen: string[] = [];
      await openAndSave('s1');
      for (;;) {
        const loaded = await store.loadSession(d, 's1', LONG_MS);
        if (!loaded.ok) throw new Error(`load failed: ${loaded.reason}`);
        const head = loaded.pendingTasks[0];
        if (head === undefined) break;
        seen.push(head.id);
        await store.saveSession(d, 's1', save(bytes(1), { completedTask: { ...head, status: 'done', completedMs: 2 } }));
      }
      expect(seen).toEqual(ids);
    });

    it('returns a pending task on getTask and null for an unknown one', async () => {
      await store.enqueueTask(task(d, 't1'));
      expect(await store.getTask(d, 't1')).toEqual(task(d, 't1'));
      expect(await store.getTask(d, 'nope')).toBeNull();
      expect(await store.getTask(newDeviceId(), 't1')).toBeNull();
    });

    it('keeps firstSeenMs from the first device upsert', async () => {
      await openAndSave('s1', bytes(1), { device: device(d, 1_000) });
      await store.saveSession(d, 's1', save(null));
      await openAndSave('s2', bytes(1), { device: device(d, 5_000) });
      expect(await store.getDevice(d)).toEqual({ ...device(d, 5_000), firstSeenMs: 1_000 });
      expect(await store.getDevice(newDeviceId())).toBeNull();
    });

    it('lists devices newest Inform first with offset, limit and total', async () => {
      const ids = [newDeviceId(), newDeviceId(), newDeviceId(), newDeviceId()];
      const informMs = [3_000, 1_000, 4_000, 2_000];
      for (const [i, id] of ids.entries()) {
        await store.openSession(id, `s${i}`, LONG_MS, LONG_MS);
        await store.saveSession(id, `s${i}`, save(bytes(1), { device: device(id, informMs[i]!) }));
      }
      const all = await store.listDevices({ offset: 0, limit: 10 });
      expect(all.total).toBe(4);
      expect(all.devices.map((x) => x.lastInformMs)).toEqual([4_000, 3_000, 2_000, 1_000]);
      const page = await store.listDevices({ offset: 1, limit: 2 });
      expect(page).toEqual({ total: 4, devices: [device(ids[0]!, 3_000), device(ids[3]!, 2_000)] });
      expect(await store.listDevices({ offset: 0, limit: 0 })).toEqual({ total: 4, devices: [] });
      expect(await store.listDevices({ offset: 10, limit: 5 })).toEqual({ total: 4, devices: [] });
    });

    it('round-trips a state holding every byte value', async () => {
      const state = new Uint8Array(512).map((_, i) => i % 256);
      await openAndSave('s1', state);
      const loaded = await store.loadSession(d, 's1', LONG_MS);
      expect(loaded.ok && loaded.state).toBeInstanceOf(Uint8Array);
      expect(loaded.ok && Array.from(loaded.state)).toEqual(Array.from(state));
    });

    it('round-trips a state that is a view into a larger buffer', async () => {
      const backing = new Uint8Array(64).map((_, i) => i);
      await openAndSave('s1', backing.subarray(10, 20));
      const loaded = await store.loadSession(d, 's1', LONG_MS);
      expect(loaded.ok && Array.from(loaded.state)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
