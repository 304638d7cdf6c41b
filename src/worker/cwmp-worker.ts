/**
 * Piscina entry point: each worker thread builds its session engine once, then serves CWMP
 * requests from the front end, many at a time (they mostly wait on the store).
 */
import { workerData } from 'piscina';
import { createLogger } from '../log.js';
import { createSessionEngine } from '../session/engine.js';
import type { CwmpReply, CwmpRequest } from '../session/reply.js';
import { connectStore } from '../store/local/bridge.js';
import { createRedisStore } from '../store/redis/redis-store.js';
import type { SessionStore } from '../store/session-store.js';
import type { WorkerSetup } from './worker-setup.js';

const setup = workerData as WorkerSetup;

function openStore(): SessionStore {
  return setup.store.kind === 'redis'
    ? createRedisStore({ url: setup.store.url, keyPrefix: setup.store.keyPrefix })
    : connectStore(setup.store.channel);
}

const engine = createSessionEngine({
  store: openStore(),
  nodeName: setup.nodeName,
  sessionTimeoutMs: setup.sessionTimeoutMs,
  lockTtlMs: setup.lockTtlMs,
  taskResultTtlMs: setup.taskResultTtlMs,
  retryAfterS: setup.retryAfterS,
  log: createLogger(setup.logLevel),
});

export default function handleCwmpRequest(request: CwmpRequest): Promise<CwmpReply> {
  return engine.handle(request);
}
