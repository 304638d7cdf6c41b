/**
 * The production session store: Redis (single instance; see scripts.ts for Redis Cluster).
 *
 * Keys, all under the configured prefix P and tagged by device D so that Redis Cluster keeps a
 * device's keys together:
 *   P dev:{D}:session   owner: id of the device's current session, PX sessionTtl
 *   P dev:{D}:busy      request lock: id of the session whose request runs, PX lockTtl
 *   P sess:{D}:<sid>    session state bytes, PX sessionTtl
 *   P dev:{D}:tasks     pending task ids, oldest first
 *   P task:{D}:<id>     task record (JSON); PX taskResultTtl once finished
 *   P dev:{D}           device hash: firstSeenMs, record (JSON)
 *   P devices           ZSET device id → lastInformMs (the one key outside the device's slot)
 */
import type { Redis } from 'ioredis';
import {
  TASK_LOOKAHEAD,
  type DeviceRecord,
  type ListDevicesOptions,
  type LoadResult,
  type OpenResult,
  type SaveResult,
  type SessionStore,
  type SessionUpdate,
  type TaskRecord,
} from '../session-store.js';
import { openConnection } from './connection.js';
import { ENQUEUE_TASK, LOAD_SESSION, OPEN_SESSION, RELEASE_LOCK, SAVE_SESSION, STATUS } from './scripts.js';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port/db` or `rediss://…`. */
  url: string;
  /** Prefix of every key, e.g. `prv:`; lets several Provisio installations share one Redis. */
  keyPrefix: string;
  /** Longest wait for a connection before calls fail with StoreUnavailableError (default 2000). */
  connectTimeoutMs?: number;
  /** Longest wait for one reply before the call fails with StoreUnavailableError (default 2000). */
  commandTimeoutMs?: number;
}

/** The Redis session store, plus diagnostics. */
export interface RedisSessionStore extends SessionStore {
  /** How many session state keys the device has (0 or 1 when nothing leaks); scans, so tests and diagnostics only. */
  countSessionKeys(deviceId: string): Promise<number>;
}

type Arg = string | number | Buffer | Uint8Array;

/** The commands `defineCommand` adds; the `Buffer` variants keep bulk replies as bytes. */
interface ScriptedRedis extends Redis {
  prvOpenSessionBuffer(...args: Arg[]): Promise<[number, Buffer, ...Buffer[]] | [number]>;
  prvLoadSessionBuffer(...args: Arg[]): Promise<[number, Buffer, ...Buffer[]] | [number]>;
  prvSaveSession(...args: Arg[]): Promise<number>;
  prvEnqueueTask(...args: Arg[]): Promise<number>;
  prvReleaseLock(...args: Arg[]): Promise<number>;
}

const EMPTY = Buffer.alloc(0);

/** ioredis sends only Buffers as bytes (a plain Uint8Array would go out as "0,1,2"); this view copies nothing. */
const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function parseTasks(reply: readonly Buffer[], from: number): TaskRecord[] {
  const tasks: TaskRecord[] = [];
  for (let i = from; i < reply.length; i++) tasks.push(JSON.parse(reply[i]!.toString('utf8')) as TaskRecord);
  return tasks;
}

/** Escapes Redis glob characters so that a prefix or id matches only itself in SCAN MATCH. */
const globLiteral = (text: string): string => text.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Connects to Redis (in the background; calls made before the connection is up wait for it up to
 * `connectTimeoutMs`). While Redis is unreachable every call rejects promptly with
 * `StoreUnavailableError`, and the store reconnects by itself. Throws at once when `keyPrefix`
 * holds a brace, which would break the `{deviceId}` hash tags.
 */
export function createRedisStore(options: RedisStoreOptions): RedisSessionStore {
  if (/[{}]/.test(options.keyPrefix)) {
    throw new Error(`redis.keyPrefix ${JSON.stringify(options.keyPrefix)} holds a brace; Redis Cluster would shard by it instead of by device: remove it`);
  }
  const connection = openConnection({
    url: options.url,
    connectTimeoutMs: options.connectTimeoutMs ?? 2_000,
    commandTimeoutMs: options.commandTimeoutMs ?? 2_000,
  });
  const { ready, storeError } = connection;
  const redis = connection.redis as ScriptedRedis;
  redis.defineCommand('prvOpenSession', { lua: OPEN_SESSION, numberOfKeys: 3 });
  redis.defineCommand('prvLoadSession', { lua: LOAD_SESSION, numberOfKeys: 4 });
  redis.defineCommand('prvSaveSession', { lua: SAVE_SESSION, numberOfKeys: 7 });
  redis.defineCommand('prvEnqueueTask', { lua: ENQUEUE_TASK, numberOfKeys: 2 });
  redis.defineCommand('prvReleaseLock', { lua: RELEASE_LOCK, numberOfKeys: 1 });

  const p = options.keyPrefix;
  const ownerKey = (d: string) => `${p}dev:{${d}}:session`;
  const lockKey = (d: string) => `${p}dev:{${d}}:busy`;
  const statePrefix = (d: string) => `${p}sess:{${d}}:`;
  const queueKey = (d: string) => `${p}dev:{${d}}:tasks`;
  const taskPrefix = (d: string) => `${p}task:{${d}}:`;
  const deviceKey = (d: string) => `${p}dev:{${d}}`;
  const indexKey = `${p}devices`;

  function toDevice(firstSeen: string | null | undefined, record: string | null | undefined): DeviceRecord | null {
    if (record === null || record === undefined) return null;
    const device = JSON.parse(record) as DeviceRecord;
    if (firstSeen !== null && firstSeen !== undefined) device.firstSeenMs = Number(firstSeen);
    return device;
  }

  return {
    description: connection.safeUrl,

    async openSession(deviceId, sessionId, sessionTtlMs, lockTtlMs): Promise<OpenResult> {
      let reply;
      try {
        await ready();
        reply = await redis.prvOpenSessionBuffer(
          ownerKey(deviceId), lockKey(deviceId), queueKey(deviceId),
          sessionId, sessionTtlMs, lockTtlMs, taskPrefix(deviceId), statePrefix(deviceId), TASK_LOOKAHEAD,
        );
      } catch (err) {
        throw storeError(err);
      }
      if (reply[0] !== STATUS.OK) return { ok: false, reason: 'busy' };
      const replaced = reply[1]!.toString('utf8');
      return { ok: true, pendingTasks: parseTasks(reply as Buffer[], 2), replacedSessionId: replaced === '' ? undefined : replaced };
    },

    async loadSession(deviceId, sessionId, lockTtlMs): Promise<LoadResult> {
      let reply;
      try {
        await ready();
        reply = await redis.prvLoadSessionBuffer(
          ownerKey(deviceId), lockKey(deviceId), statePrefix(deviceId) + sessionId, queueKey(deviceId),
          sessionId, lockTtlMs, taskPrefix(deviceId), TASK_LOOKAHEAD,
        );
      } catch (err) {
        throw storeError(err);
      }
      if (reply[0] === STATUS.BUSY) return { ok: false, reason: 'busy' };
      if (reply[0] !== STATUS.OK) return { ok: false, reason: 'gone' };
      return { ok: true, state: reply[1]!, pendingTasks: parseTasks(reply as Buffer[], 2) };
    },

    async saveSession(deviceId, sessionId, update: SessionUpdate): Promise<SaveResult> {
      const { state, device, completedTask: task } = update;
      let status;
      try {
        await ready();
        status = await redis.prvSaveSession(
          ownerKey(deviceId), lockKey(deviceId), statePrefix(deviceId) + sessionId, queueKey(deviceId),
          deviceKey(deviceId), indexKey, task === undefined ? taskPrefix(deviceId) : taskPrefix(deviceId) + task.id,
          sessionId, update.sessionTtlMs, state === null ? '0' : '1', state === null ? EMPTY : asBuffer(state),
          device === undefined ? '' : JSON.stringify(device), device?.lastInformMs ?? 0, device?.firstSeenMs ?? 0, deviceId,
          task?.id ?? '', task === undefined ? '' : JSON.stringify(task), update.taskResultTtlMs,
        );
      } catch (err) {
        throw storeError(err);
      }
      return status === STATUS.OK ? { ok: true } : { ok: false, reason: 'lost' };
    },

    async releaseLock(deviceId, sessionId): Promise<void> {
      try {
        await ready();
        await redis.prvReleaseLock(lockKey(deviceId), sessionId);
      } catch (err) {
        throw storeError(err);
      }
    },

    async sessionExists(deviceId, sessionId): Promise<boolean> {
      try {
        await ready();
        return (await redis.get(ownerKey(deviceId))) === sessionId;
      } catch (err) {
        throw storeError(err);
      }
    },

    async enqueueTask(task): Promise<void> {
      let added;
      try {
        await ready();
        added = await redis.prvEnqueueTask(taskPrefix(task.deviceId) + task.id, queueKey(task.deviceId), JSON.stringify(task), task.id);
      } catch (err) {
        throw storeError(err);
      }
      if (added !== 1) throw new Error(`Task ${task.id} of device ${task.deviceId} exists already; give every task a new id`);
    },

    async getTask(deviceId, taskId): Promise<TaskRecord | null> {
      let json;
      try {
        await ready();
        json = await redis.get(taskPrefix(deviceId) + taskId);
      } catch (err) {
        throw storeError(err);
      }
      return json === null ? null : (JSON.parse(json) as TaskRecord);
    },

    async getDevice(deviceId): Promise<DeviceRecord | null> {
      let fields;
      try {
        await ready();
        fields = await redis.hmget(deviceKey(deviceId), 'firstSeenMs', 'record');
      } catch (err) {
        throw storeError(err);
      }
      return toDevice(fields[0], fields[1]);
    },

    async listDevices({ offset, limit }: ListDevicesOptions) {
      let total: number;
      let rows: [Error | null, unknown][];
      try {
        await ready();
        // ZREVRANGE with stop -1 would mean "to the end": a zero limit only counts.
        const ranged = await redis
          .pipeline()
          .zcard(indexKey)
          .zrevrange(indexKey, offset, limit > 0 ? offset + limit - 1 : offset - 1)
          .exec();
        const [[countErr, count], [rangeErr, ids]] = ranged as [[Error | null, number], [Error | null, string[]]];
        if (countErr !== null || rangeErr !== null) throw countErr ?? rangeErr;
        total = count;
        if (limit <= 0 || ids.length === 0) return { total, devices: [] };
        const pipeline = redis.pipeline();
        for (const id of ids) pipeline.hmget(deviceKey(id), 'firstSeenMs', 'record');
        rows = (await pipeline.exec()) ?? [];
      } catch (err) {
        throw storeError(err);
      }
      const devices: DeviceRecord[] = [];
      for (const [err, fields] of rows) {
        if (err !== null) throw storeError(err);
        const [firstSeen, record] = fields as (string | null)[];
        // A device deleted between the two round trips is left out of the page.
        const device = toDevice(firstSeen, record);
        if (device !== null) devices.push(device);
      }
      return { total, devices };
    },

    async ping(): Promise<void> {
      try {
        await ready();
        await redis.ping();
      } catch (err) {
        throw storeError(err);
      }
    },

    async countSessionKeys(deviceId): Promise<number> {
      try {
        await ready();
        let count = 0;
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${globLiteral(statePrefix(deviceId))}*`, 'COUNT', 1000);
          cursor = next;
          count += keys.length;
        } while (cursor !== '0');
        return count;
      } catch (err) {
        throw storeError(err);
      }
    },

    close: () => connection.close(),
  };
}

