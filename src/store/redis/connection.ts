/**
 * The ioredis connection behind the Redis session store, tuned to fail fast and heal by itself:
 * while Redis is away every call rejects at once with StoreUnavailableError (the CWMP front end
 * answers 503 and CPEs retry later), and the client keeps reconnecting in the background.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { StoreUnavailableError } from '../session-store.js';

/** Redis errors that mean "not now" rather than "wrong call": the server is loading, failing over or full. */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|READONLY|OOM|NOREPLICAS)\b/;

/** Reconnect backoff: quick at first so a restarted Redis is used again within a second, capped so a long outage costs little. */
const RETRY_BASE_MS = 50;
const RETRY_CAP_MS = 1_000;

export interface ConnectionOptions {
  url: string;
  /** How long the first connection (and each reconnect attempt) may take. */
  connectTimeoutMs: number;
  /** How long one command may wait for its reply before the store reports Redis unavailable. */
  commandTimeoutMs: number;
}

export interface Connection {
  readonly redis: Redis;
  /** The URL without its password, for messages and the start-up banner. */
  readonly safeUrl: string;
  /** Resolves when commands may be sent; rejects with StoreUnavailableError when Redis is away. */
  ready(): Promise<void>;
  /** Maps an error of an ioredis call to what the store throws. */
  storeError(err: unknown): Error;
  close(): Promise<void>;
}

/** Hides the password of a Redis URL. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

export function openConnection(options: ConnectionOptions): Connection {
  const safeUrl = redactUrl(options.url);
  const redisOptions: RedisOptions = {
    // Fail instead of queueing while disconnected: a queued CWMP request would hold a worker slot
    // and answer long after the CPE gave up.
    enableOfflineQueue: false,
    // Commands in flight when the connection drops are rejected at once and never re-sent: a
    // re-sent script may already have run, and the CPE retries the whole request anyway.
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times) => Math.min(RETRY_BASE_MS * 2 ** Math.min(times, 10), RETRY_CAP_MS),
    connectTimeout: options.connectTimeoutMs,
    commandTimeout: options.commandTimeoutMs,
    // A Redis that hangs (stopped, or cut off without a reset) would keep the socket "ready" and
    // cost every call the full timeout; dropping the socket makes calls fail fast and reconnects.
    socketTimeout: options.commandTimeoutMs,
    // Lua scripts and auto-pipelining measured 45% slower together; each call is sent as it comes.
    enableAutoPipelining: false,
    connectionName: 'provisio-session-store',
  };
  const redis = new Redis(options.url, redisOptions);

  // Until the first connection either succeeds or fails, callers wait for it (a worker's first
  // requests arrive while it connects); after a failure they are turned away at once until the
  // connection is ready again.
  let lastFailure: string | undefined;
  redis.on('error', (err: Error) => {
    lastFailure = err.message;
  });
  redis.on('close', () => {
    lastFailure ??= 'connection closed';
  });
  redis.on('ready', () => {
    lastFailure = undefined;
  });

  const unavailable = (detail: string, cause?: unknown): StoreUnavailableError =>
    new StoreUnavailableError(`Redis at ${safeUrl} is unavailable (${detail}); check redis.url and that Redis is running`, { cause });

  function ready(): Promise<void> {
    if (redis.status === 'ready') return Promise.resolve();
    if (redis.status === 'end') return Promise.reject(unavailable('the store is closed'));
    if (lastFailure !== undefined) return Promise.reject(unavailable(lastFailure));
    return new Promise((resolve, reject) => {
      const done = (err?: Error): void => {
        clearTimeout(timer);
        redis.off('ready', onReady);
        redis.off('error', onError);
        if (err === undefined) resolve();
        else reject(unavailable(err.message, err));
      };
      const onReady = (): void => done();
      const onError = (err: Error): void => done(err);
      const timer = setTimeout(() => done(new Error(`no connection within ${options.connectTimeoutMs} ms`)), options.connectTimeoutMs);
      redis.once('ready', onReady);
      redis.once('error', onError);
    });
  }

  function storeError(err: unknown): Error {
    if (err instanceof StoreUnavailableError) return err;
    if (err instanceof Error) {
      // A ReplyError is Redis refusing this call (a bug here, or a wrong key type): surface it as
      // it is, unless it is one of the transient refusals.
      if (err.name === 'ReplyError' && !TRANSIENT_REPLY.test(err.message)) return err;
      // ioredis's text for this one talks about its options, not about what happened.
      const detail = err.name === 'MaxRetriesPerRequestError' ? 'connection lost with the call in flight' : err.message;
      return unavailable(detail, err);
    }
    return unavailable(String(err));
  }

  async function close(): Promise<void> {
    if (redis.status === 'end') return;
    if (redis.status === 'ready') {
      try {
        await redis.quit();
        return;
      } catch {
        // The connection broke while quitting: fall through and drop it.
      }
    }
    redis.disconnect();
  }

  return { redis, safeUrl, ready, storeError, close };
}
