/**
 * The embedded session store: one process, in memory, with the same semantics as the Redis store
 * so that `provisio start` works without Redis. Worker threads reach it through bridge.ts.
 *
 * Expiry is by timestamps checked on every access (so a TTL is exact to the millisecond, as in
 * Redis), plus a periodic sweep so that sessions nobody asks about again do not pile up.
 *
 * Devices and tasks survive restarts in a snapshot file; sessions do not (a CPE whose session is
 * lost with the process starts a new one with its next Inform). enqueueTask resolves only once the
 * task is on disk, so a task the northbound API accepted is never lost to a crash; the other
 * changes are written on a timer and at close.
 */
import {
  StoreUnavailableError,
  TASK_LOOKAHEAD,
  type DeviceRecord,
  type LoadResult,
  type OpenResult,
  type SaveResult,
  type SessionStore,
  type SessionUpdate,
  type TaskRecord,
} from '../session-store.js';
import { readSnapshot, snapshotWriter, SNAPSHOT_VERSION, type Snapshot } from './snapshot.js';

/** Options of {@link openLocalStore}. */
export interface LocalStoreOptions {
  /** Where devices and tasks are kept across restarts; without it they live in memory only. */
  snapshotFile?: string;
  /** How often changed devices and task results are written to the snapshot (default 1000). */
  snapshotIntervalMs?: number;
  /** How often expired sessions, locks and task results are dropped (default 10000). */
  sweepIntervalMs?: number;
}

/** The embedded store, plus an explicit snapshot write. */
export interface LocalSessionStore extends SessionStore {
  /** Resolves once everything changed so far is in the snapshot file (at once without a file). */
  flush(): Promise<void>;
}

interface Owner {
  sessionId: string;
  expiresMs: number;
  /** Null between the open and the Inform's save. */
  state: Uint8Array | null;
}

interface Lock {
  sessionId: string;
  expiresMs: number;
}

interface StoredTask {
  record: TaskRecord;
  /** Infinity while pending. */
  expiresMs: number;
}

/** Task ids are free text: the key joins them to the device id with a character device ids never hold. */
const taskKey = (deviceId: string, taskId: string): string => `${deviceId} ${taskId}`;

/** Newest Inform first; equal times by id, descending, as Redis's ZREVRANGE orders them. */
function byLastInform(a: DeviceRecord, b: DeviceRecord): number {
  return b.lastInformMs - a.lastInformMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * Opens the embedded store, loading devices and tasks from `snapshotFile` when it exists. Rejects
 * when the snapshot is unreadable rather than starting empty and dropping its queued tasks.
 */
export async function openLocalStore(options: LocalStoreOptions = {}): Promise<LocalSessionStore> {
  const file = options.snapshotFile;
  const owners = new Map<string, Owner>();
  const locks = new Map<string, Lock>();
  const queues = new Map<string, string[]>();
  const tasks = new Map<string, StoredTask>();
  const devices = new Map<string, DeviceRecord>();
  let sortedDevices: DeviceRecord[] | undefined;
  let closed = false;

  const loaded = file === undefined ? null : await readSnapshot(file);
  if (loaded !== null) {
    const now = Date.now();
    for (const device of loaded.devices) devices.set(device.id, device);
    for (const { record, expiresMs } of loaded.tasks) {
      if (expiresMs === null || expiresMs > now) tasks.set(taskKey(record.deviceId, record.id), { record, expiresMs: expiresMs ?? Infinity });
    }
    for (const [deviceId, ids] of Object.entries(loaded.queues)) {
      const live = ids.filter((id) => tasks.get(taskKey(deviceId, id))?.record.status === 'pending');
      if (live.length > 0) queues.set(deviceId, live);
    }
  }

  function liveOwner(deviceId: string, now: number): Owner | undefined {
    const owner = owners.get(deviceId);
    if (owner !== undefined && owner.expiresMs <= now) {
      owners.delete(deviceId);
      return undefined;
    }
    return owner;
  }

  function lockHeld(deviceId: string, now: number): boolean {
    const lock = locks.get(deviceId);
    if (lock === undefined) return false;
    if (lock.expiresMs > now) return true;
    locks.delete(deviceId);
    return false;
  }

  /** Copies, so that callers never share objects with the store (as they do not with Redis). */
  function pendingTasks(deviceId: string): TaskRecord[] {
    const out: TaskRecord[] = [];
    for (const id of queues.get(deviceId) ?? []) {
      const task = tasks.get(taskKey(deviceId, id));
      if (task !== undefined) out.push(structuredClone(task.record));
      if (out.length === TASK_LOOKAHEAD) break;
    }
    return out;
  }

  function assertOpen(): void {
    if (closed) throw new StoreUnavailableError('the local session store is closed (Provisio is shutting down)');
  }

  function snapshotJson(now: number): string {
    const kept: Snapshot['tasks'] = [];
    for (const task of tasks.values()) {
      if (task.expiresMs > now) kept.push({ record: task.record, expiresMs: Number.isFinite(task.expiresMs) ? task.expiresMs : null });
    }
    const snapshot: Snapshot = { version: SNAPSHOT_VERSION, savedMs: now, devices: [...devices.values()], tasks: kept, queues: Object.fromEntries(queues) };
    return JSON.stringify(snapshot);
  }

  function sweep(): void {
    const now = Date.now();
    for (const [id, owner] of owners) if (owner.expiresMs <= now) owners.delete(id);
    for (const [id, lock] of locks) if (lock.expiresMs <= now) locks.delete(id);
    for (const [key, task] of tasks) if (task.expiresMs <= now) tasks.delete(key);
  }

  const persist = snapshotWriter(file, () => snapshotJson(Date.now()), options.snapshotIntervalMs ?? 1_000);
  // Unref'd: the store must never be what keeps a finished process alive.
  const sweepTimer = setInterval(sweep, options.sweepIntervalMs ?? 10_000).unref();

  return {
    description: file === undefined ? 'local (in memory)' : `local (snapshot ${file})`,

    async openSession(deviceId, sessionId, sessionTtlMs, lockTtlMs): Promise<OpenResult> {
      assertOpen();
      const now = Date.now();
      if (lockHeld(deviceId, now)) return { ok: false, reason: 'busy' };
      const old = liveOwner(deviceId, now);
      owners.set(deviceId, { sessionId, expiresMs: now + sessionTtlMs, state: null });
      locks.set(deviceId, { sessionId, expiresMs: now + lockTtlMs });
      const replaced = old !== undefined && old.sessionId !== sessionId ? old.sessionId : undefined;
      return { ok: true, pendingTasks: pendingTasks(deviceId), replacedSessionId: replaced };
    },

    async loadSession(deviceId, sessionId, lockTtlMs): Promise<LoadResult> {
      assertOpen();
      const now = Date.now();
      const owner = liveOwner(deviceId, now);
      if (owner?.sessionId !== sessionId) return { ok: false, reason: 'gone' };
      // Lock before state, as in Redis: the open holds the lock until its save writes the state.
      if (lockHeld(deviceId, now)) return { ok: false, reason: 'busy' };
      if (owner.state === null) return { ok: false, reason: 'gone' };
      locks.set(deviceId, { sessionId, expiresMs: now + lockTtlMs });
      return { ok: true, state: owner.state.slice(), pendingTasks: pendingTasks(deviceId) };
    },

    async saveSession(deviceId, sessionId, update: SessionUpdate): Promise<SaveResult> {
      assertOpen();
      const now = Date.now();
      const owner = liveOwner(deviceId, now);
      // Lost: nothing is written, so a completed task stays queued and runs again (see scripts.ts).
      if (owner?.sessionId !== sessionId) return { ok: false, reason: 'lost' };
      if (update.state === null) {
        owners.delete(deviceId);
      } else {
        owner.state = update.state.slice();
        owner.expiresMs = now + update.sessionTtlMs;
      }
      if (locks.get(deviceId)?.sessionId === sessionId) locks.delete(deviceId);
      const { device, completedTask: task } = update;
      if (device !== undefined) {
        const firstSeenMs = devices.get(deviceId)?.firstSeenMs ?? device.firstSeenMs;
        devices.set(deviceId, { ...structuredClone(device), firstSeenMs });
        sortedDevices = undefined;
        persist.changed();
      }
      if (task !== undefined) {
        tasks.set(taskKey(deviceId, task.id), { record: structuredClone(task), expiresMs: now + update.taskResultTtlMs });
        const queue = queues.get(deviceId);
        const at = queue?.indexOf(task.id) ?? -1;
        if (at >= 0) queue!.splice(at, 1);
        if (queue?.length === 0) queues.delete(deviceId);
        persist.changed();
      }
      return { ok: true };
    },

    async releaseLock(deviceId, sessionId): Promise<void> {
      if (locks.get(deviceId)?.sessionId === sessionId) locks.delete(deviceId);
    },

    async sessionExists(deviceId, sessionId): Promise<boolean> {
      assertOpen();
      return liveOwner(deviceId, Date.now())?.sessionId === sessionId;
    },

    async enqueueTask(task): Promise<void> {
      assertOpen();
      const key = taskKey(task.deviceId, task.id);
      if (tasks.has(key)) throw new Error(`Task ${task.id} of device ${task.deviceId} exists already; give every task a new id`);
      tasks.set(key, { record: structuredClone(task), expiresMs: Infinity });
      const queue = queues.get(task.deviceId);
      if (queue === undefined) queues.set(task.deviceId, [task.id]);
      else queue.push(task.id);
      persist.changed();
      try {
        await persist.flush();
      } catch (err) {
        // Not on disk means not accepted: take the task back so that the caller's error is the
        // whole truth (a task reported as failed must not run later anyway).
        if (tasks.get(key)?.record.status === 'pending') {
          tasks.delete(key);
          const ids = queues.get(task.deviceId);
          const at = ids?.indexOf(task.id) ?? -1;
          if (at >= 0) ids!.splice(at, 1);
          if (ids?.length === 0) queues.delete(task.deviceId);
        }
        throw err;
      }
    },

    async getTask(deviceId, taskId): Promise<TaskRecord | null> {
      assertOpen();
      const key = taskKey(deviceId, taskId);
      const task = tasks.get(key);
      if (task === undefined) return null;
      if (task.expiresMs <= Date.now()) {
        tasks.delete(key);
        return null;
      }
      return structuredClone(task.record);
    },

    async getDevice(deviceId): Promise<DeviceRecord | null> {
      assertOpen();
      const device = devices.get(deviceId);
      return device === undefined ? null : structuredClone(device);
    },

    async listDevices({ offset, limit }) {
      assertOpen();
      // Sorted once per change of the device set, not per page: the NBI pages through it.
      sortedDevices ??= [...devices.values()].sort(byLastInform);
      const page = limit > 0 ? sortedDevices.slice(offset, offset + limit) : [];
      return { total: sortedDevices.length, devices: page.map((d) => structuredClone(d)) };
    },

    async ping(): Promise<void> {
      assertOpen();
    },

    flush: persist.flush,

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      clearInterval(sweepTimer);
      await persist.close();
    },
  };
}
