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
import { errorData } from './errors/codes.js';
import { parseSessionCookie } from './session/cookie.js';
import { errorReply, type CwmpReply, type CwmpRequest } from './session/reply.js';
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

/** Closes what has been opened so far, newest first; every step runs even when one fails. */
async function closeAll(closers: Array<[string, () => Promise<void>]>, log: Logger): Promise<void> {
  for (const [what, close] of closers.reverse()) {
    try {
      await close();
    } catch (err) {
      log.error(`closing ${what} failed`, { error: err instanceof Error ? err.message : String(err) });
    }
  }
}

/** A rejection of the pool itself (not of the engine, which answers everything) as an HTTP reply. */
function poolFailure(err: unknown, draining: boolean, retryAfterS: number, log: Logger): CwmpReply {
  if (draining) return errorReply(errorData('SHUTTING_DOWN'), retryAfterS);
  if (err instanceof Error && /queue is at limit/i.test(err.message)) return errorReply(errorData('OVERLOADED', { retryAfterS }), retryAfterS);
  log.error('worker pool failed a request', { error: err instanceof Error ? err.stack : String(err) });
  return errorReply(errorData('INTERNAL', { detail: 'see the Provisio log' }), retryAfterS);
}

export async function startProvisio(config: Readonly<Config>, log: Logger): Promise<Provisio> {
  assertNativeUws();
  await mkdir(config.dataDir, { recursive: true });
  const closers: Array<[string, () => Promise<void>]> = [];
  try {
    const { backend: clickhouse, deferred } = await openClickHouseOrDefer(config);
    closers.push(['ClickHouse', () => clickhouse.close()]);
    if (deferred) log.warn('ClickHouse does not answer yet; CPEs are served and rows are held until it does', { error: deferred.message });
    const writer = new IngestWriter({ backend: clickhouse, ...config.ingest, spoolDir: join(config.dataDir, 'spool', 'ingest'), log: (line) => log.warn(line) });
    closers.push(['the ingest writer', () => writer.close()]);
    const stores = await openStores(config);
    closers.push(['the session store', () => stores.close()]);
    const nbiToken = await resolveNbiToken(config.nbi.token, config.dataDir);
    const onError = (err: unknown) => log.error('request failed', { error: err instanceof Error ? err.stack : String(err) });
    const pool: CwmpPool = createCwmpPool({
      threads: config.workers.threads,
      concurrentTasksPerWorker: config.workers.concurrentTasksPerWorker,
      maxQueue: config.workers.maxQueue,
      onError,
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
    closers.push(['the worker pool', () => pool.close()]);
    const sessions = trackSessions(config.session.timeoutMs);
    let draining = false;

    const cwmp: Listener = await listenCwmp({
      host: config.cwmp.host,
      port: config.cwmp.port,
      maxBodyBytes: config.cwmp.maxBodyBytes,
      retryAfterS: config.workers.retryAfterS,
      onError,
      handler: {
        overloaded: () => pool.saturated(),
        // While draining, requests of running sessions go on; new ones are sent elsewhere.
        admits: (cookie) => !draining || parseSessionCookie(cookie) !== undefined,
        handle: async (request: CwmpRequest) => {
          let reply: CwmpReply;
          try {
            reply = await pool.run(request);
          } catch (err) {
            return poolFailure(err, draining, config.workers.retryAfterS, log);
          }
          for (const rows of reply.rows) writer.push(rows);
          sessions.note(reply, Date.now());
          return reply;
        },
      },
    });
    closers.push(['the CWMP listener', async () => cwmp.stopListening()]);
    const nbi = createNbi({ store: stores.store, token: nbiToken.token, log });
    const nbiListener = await listenNbi({ host: config.nbi.host, port: config.nbi.port, maxBodyBytes: 1024 * 1024, handle: nbi.handle, onError });
    closers.push(['the northbound listener', async () => nbiListener.stopListening()]);

    const drainAndClose = async (): Promise<void> => {
      draining = true;
      cwmp.stopListening();
      nbiListener.stopListening();
      const deadline = Date.now() + config.shutdownGraceMs;
      while (Date.now() < deadline && (sessions.running(Date.now()) > 0 || cwmp.inflight > 0 || nbiListener.inflight > 0)) await sleep(50);
      const left = sessions.running(Date.now());
      if (left > 0) log.warn('shutdown grace period over; sessions left to expire', { sessions: left });
      await closeAll(closers, log);
    };
    let stopping: Promise<void> | undefined;
    return {
      cwmpPort: cwmp.port,
      nbiPort: nbiListener.port,
      nbiToken,
      store: stores.store,
      clickhouse,
      writer,
      stop: () => (stopping ??= drainAndClose()),
    };
  } catch (err) {
    await closeAll(closers, log);
    throw err;
  }
}
