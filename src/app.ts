/**
 * Wires one Provisio node: stores, ingest writer, worker pool, CWMP and northbound listeners; and
 * takes it down gracefully (running sessions finish, batches are flushed).
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from './config/config.js';
import { listenCwmp } from './http/cwmp-listener.js';
import type { Listener } from './http/exchange.js';
import { listenNbi } from './http/nbi-listener.js';
import { assertNativeUws } from './http/uws.js';
import type { Logger } from './log.js';
import { createNbi } from './nbi/router.js';
import { resolveNbiToken, type NbiToken } from './nbi/token.js';
import type { CwmpReply, CwmpRequest } from './session/reply.js';
import { openClickHouseOrDefer, type ClickHouseBackend } from './store/clickhouse/backend.js';
import { IngestWriter } from './store/clickhouse/ingest-writer.js';
import { serveStore } from './store/local/bridge.js';
import { openLocalStore } from './store/local/local-store.js';
import { createRedisStore } from './store/redis/redis-store.js';
import type { SessionStore } from './store/session-store.js';
import { createCwmpPool, type CwmpPool } from './worker/cwmp-pool.js';
import type { WorkerStoreSetup } from './worker/worker-setup.js';

export interface Provisio {
  readonly cwmpPort: number;
  readonly nbiPort: number;
  readonly nbiToken: NbiToken;
  /** The store as the main thread sees it (the northbound API uses it). */
  readonly store: SessionStore;
  readonly clickhouse: ClickHouseBackend;
  readonly writer: IngestWriter;
  /** Stops taking connections, lets running sessions finish (up to shutdownGraceMs), flushes. */
  stop(): Promise<void>;
}

interface StoreSetup {
  store: SessionStore;
  worker: WorkerStoreSetup;
  close(): Promise<void>;
}

async function openStores(config: Readonly<Config>): Promise<StoreSetup> {
  if (config.redis.url !== undefined) {
    const store = createRedisStore({ url: config.redis.url, keyPrefix: config.redis.keyPrefix });
    return { store, worker: { kind: 'redis', url: config.redis.url, keyPrefix: config.redis.keyPrefix }, close: () => store.close() };
  }
  const store = await openLocalStore({ snapshotFile: join(config.dataDir, 'local-store.json') });
  // A channel name unique to this process: BroadcastChannel names are process-wide.
  const channel = `provisio-store-${process.pid}-${randomBytes(6).toString('hex')}`;
  const server = serveStore(store, channel);
  return {
    store,
    worker: { kind: 'local', channel },
    close: async () => {
      server.close();
      await store.close();
    },
  };
}

/** Sessions opened through this node and not yet ended, for the drain at shutdown. */
function trackSessions(sessionTimeoutMs: number) {
  const live = new Map<string, number>();
  return {
    note(reply: CwmpReply, nowMs: number): void {
      if (reply.session?.event === 'opened') live.set(reply.session.id, nowMs);
      else if (reply.session?.event === 'ended') live.delete(reply.session.id);
    },
    /** Sessions that may still send requests (quiet ones past the timeout have expired). */
    running(nowMs: number): number {
      for (const [id, openedMs] of live) if (nowMs - openedMs > sessionTimeoutMs) live.delete(id);
      return live.size;
    },
  };
}

export async function startProvisio(config: Readonly<Config>, log: Logger): Promise<Provisio> {
  assertNativeUws();
  await mkdir(config.dataDir, { recursive: true });
  const { backend: clickhouse, deferred } = await openClickHouseOrDefer(config);
  if (deferred) log.warn('ClickHouse does not answer yet; CPEs are served and rows are held until it does', { error: deferred.message });
  const writer = new IngestWriter({ backend: clickhouse, ...config.ingest, spoolDir: join(config.dataDir, 'spool', 'ingest'), log: (line) => log.warn(line) });
  const stores = await openStores(config);
  const nbiToken = await resolveNbiToken(config.nbi.token, config.dataDir);
  const pool: CwmpPool = createCwmpPool({
    threads: config.workers.threads,
    concurrentTasksPerWorker: config.workers.concurrentTasksPerWorker,
    maxQueue: config.workers.maxQueue,
    setup: {
      store: stores.worker,
      nodeName: config.nodeName,
      sessionTimeoutMs: config.session.timeoutMs,
      lockTtlMs: config.session.lockTtlMs,
      taskResultTtlMs: config.session.taskResultTtlMs,
      retryAfterS: config.workers.retryAfterS,
      logLevel: config.logLevel,
    },
  });
  const sessions = trackSessions(config.session.timeoutMs);
  const onError = (err: unknown) => log.error('request failed', { error: err instanceof Error ? err.stack : String(err) });

  const cwmp: Listener = await listenCwmp({
    host: config.cwmp.host,
    port: config.cwmp.port,
    maxBodyBytes: config.cwmp.maxBodyBytes,
    retryAfterS: config.workers.retryAfterS,
    onError,
    handler: {
      overloaded: () => pool.saturated(),
      handle: async (request: CwmpRequest) => {
        const reply = await pool.run(request);
        for (const rows of reply.rows) writer.push(rows);
        sessions.note(reply, Date.now());
        return reply;
      },
    },
  });
  const nbi = createNbi({ store: stores.store, token: nbiToken.token, log });
  const nbiListener = await listenNbi({ host: config.nbi.host, port: config.nbi.port, maxBodyBytes: 1024 * 1024, handle: nbi.handle, onError });

  let stopping: Promise<void> | undefined;
  async function drainAndClose(): Promise<void> {
    cwmp.stopListening();
    nbiListener.stopListening();
    const deadline = Date.now() + config.shutdownGraceMs;
    while (Date.now() < deadline && (sessions.running(Date.now()) > 0 || cwmp.inflight > 0 || nbiListener.inflight > 0)) await sleep(50);
    const left = sessions.running(Date.now());
    if (left > 0) log.warn('shutdown grace period over; sessions left to expire', { sessions: left });
    await pool.close();
    await writer.close();
    await stores.close();
    await clickhouse.close();
  }

  return {
    cwmpPort: cwmp.port,
    nbiPort: nbiListener.port,
    nbiToken,
    store: stores.store,
    clickhouse,
    writer,
    stop: () => (stopping ??= drainAndClose()),
  };
}
