/**
 * One validated, frozen configuration. This module is the only reader of `process.env`.
 *
 * Sources, later wins: embedded defaults, a JSON file (`--config FILE` or `PROVISIO_CONFIG`),
 * environment variables (`PROVISIO_*`, listed in {@link ENV_KEYS}), explicit overrides.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, hostname } from 'node:os';
import { resolve } from 'node:path';
import { ProvisioError } from '../errors/codes.js';
import type { LogLevel } from '../log.js';

export interface Config {
  /** Where embedded stores, the generated NBI token and spools live. */
  dataDir: string;
  /** Name of this node in session rows and logs. */
  nodeName: string;
  logLevel: LogLevel;
  cwmp: { host: string; port: number; maxBodyBytes: number };
  nbi: { host: string; port: number; token: string | undefined };
  workers: {
    threads: number;
    /** Sessions a worker thread serves at once; they mostly wait on the store. */
    concurrentTasksPerWorker: number;
    /** Requests allowed to wait for a worker; past it CPEs get 503. */
    maxQueue: number;
    retryAfterS: number;
  };
  session: { timeoutMs: number; lockTtlMs: number; taskResultTtlMs: number };
  /** Unset url: the embedded local store. */
  redis: { url: string | undefined; keyPrefix: string };
  /** Unset url: embedded chDB under `<dataDir>/clickhouse`. */
  clickhouse: { url: string | undefined; database: string; username: string; password: string };
  ingest: { batchRows: number; batchBytes: number; flushIntervalMs: number; maxHeldBytes: number };
  shutdownGraceMs: number;
}

export type ConfigInput = {
  [K in keyof Config]?: Config[K] extends object ? Partial<Config[K]> : Config[K];
};

export function defaultConfig(): Config {
  const threads = Math.max(1, Math.min(4, availableParallelism() - 1));
  return {
    dataDir: './data',
    nodeName: hostname(),
    logLevel: 'info',
    cwmp: { host: '0.0.0.0', port: 7547, maxBodyBytes: 4 * 1024 * 1024 },
    nbi: { host: '0.0.0.0', port: 7557, token: undefined },
    workers: { threads, concurrentTasksPerWorker: 64, maxQueue: 4096, retryAfterS: 10 },
    session: { timeoutMs: 30_000, lockTtlMs: 15_000, taskResultTtlMs: 7 * 24 * 3600_000 },
    redis: { url: undefined, keyPrefix: 'prv:' },
    clickhouse: { url: undefined, database: 'provisio', username: 'default', password: '' },
    ingest: { batchRows: 50_000, batchBytes: 8 * 1024 * 1024, flushIntervalMs: 1000, maxHeldBytes: 256 * 1024 * 1024 },
    shutdownGraceMs: 15_000,
  };
}

/** Environment variables and the configuration field each one sets. */
export const ENV_KEYS: Readonly<Record<string, string>> = Object.freeze({
  PROVISIO_DATA_DIR: 'dataDir',
  PROVISIO_NODE_NAME: 'nodeName',
  PROVISIO_LOG_LEVEL: 'logLevel',
  PROVISIO_CWMP_HOST: 'cwmp.host',
  PROVISIO_CWMP_PORT: 'cwmp.port',
  PROVISIO_CWMP_MAX_BODY_BYTES: 'cwmp.maxBodyBytes',
  PROVISIO_NBI_HOST: 'nbi.host',
  PROVISIO_NBI_PORT: 'nbi.port',
  PROVISIO_NBI_TOKEN: 'nbi.token',
  PROVISIO_WORKER_THREADS: 'workers.threads',
  PROVISIO_WORKER_CONCURRENT_TASKS: 'workers.concurrentTasksPerWorker',
  PROVISIO_WORKER_MAX_QUEUE: 'workers.maxQueue',
  PROVISIO_RETRY_AFTER_S: 'workers.retryAfterS',
  PROVISIO_SESSION_TIMEOUT_MS: 'session.timeoutMs',
  PROVISIO_SESSION_LOCK_TTL_MS: 'session.lockTtlMs',
  PROVISIO_TASK_RESULT_TTL_MS: 'session.taskResultTtlMs',
  PROVISIO_REDIS_URL: 'redis.url',
  PROVISIO_REDIS_KEY_PREFIX: 'redis.keyPrefix',
  PROVISIO_CLICKHOUSE_URL: 'clickhouse.url',
  PROVISIO_CLICKHOUSE_DATABASE: 'clickhouse.database',
  PROVISIO_CLICKHOUSE_USER: 'clickhouse.username',
  PROVISIO_CLICKHOUSE_PASSWORD: 'clickhouse.password',
  PROVISIO_INGEST_BATCH_ROWS: 'ingest.batchRows',
  PROVISIO_INGEST_BATCH_BYTES: 'ingest.batchBytes',
  PROVISIO_INGEST_FLUSH_INTERVAL_MS: 'ingest.flushIntervalMs',
  PROVISIO_INGEST_MAX_HELD_BYTES: 'ingest.maxHeldBytes',
  PROVISIO_SHUTDOWN_GRACE_MS: 'shutdownGraceMs',
});

function fail(detail: string): never {
  throw new ProvisioError('CONFIG_INVALID', { detail });
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

function merge(base: Record<string, unknown>, input: Record<string, unknown>, where: string): void {
  for (const [key, value] of Object.entries(input)) {
    if (!(key in base)) fail(`unknown setting ${where}${key}`);
    const current = base[key];
    if (current !== null && typeof current === 'object' && value !== null && typeof value === 'object') {
      merge(current as Record<string, unknown>, value as Record<string, unknown>, `${where}${key}.`);
    } else {
      base[key] = value;
    }
  }
}

/** Reads `PROVISIO_*` variables into a partial configuration (strings; coerced by validation). */
export function configFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(ENV_KEYS)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') setPath(out, path, raw);
  }
  return out;
}

function toInt(path: string, value: unknown, min: number, max: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    fail(`${path} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

function toStr(path: string, value: unknown, allowEmpty = true): string {
  if (typeof value !== 'string' || (!allowEmpty && value === '')) fail(`${path} must be a ${allowEmpty ? '' : 'non-empty '}string`);
  return value;
}

function toOptionalUrl(path: string, value: unknown, schemes: string[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const s = toStr(path, value);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    fail(`${path} is not a URL: ${s}`);
  }
  if (!schemes.includes(url.protocol)) fail(`${path} must start with ${schemes.join(' or ')}, got ${s}`);
  return s;
}

function validate(c: Config): Config {
  const port = (path: string, v: unknown) => toInt(path, v, 0, 65535);
  return {
    dataDir: resolve(toStr('dataDir', c.dataDir, false)),
    nodeName: toStr('nodeName', c.nodeName, false),
    logLevel: (['debug', 'info', 'warn', 'error'] as const).find((l) => l === c.logLevel) ?? fail('logLevel must be one of debug, info, warn, error'),
    cwmp: {
      host: toStr('cwmp.host', c.cwmp.host, false),
      port: port('cwmp.port', c.cwmp.port),
      maxBodyBytes: toInt('cwmp.maxBodyBytes', c.cwmp.maxBodyBytes, 1024, 1 << 30),
    },
    nbi: {
      host: toStr('nbi.host', c.nbi.host, false),
      port: port('nbi.port', c.nbi.port),
      token: c.nbi.token === undefined || c.nbi.token === '' ? undefined : toStr('nbi.token', c.nbi.token),
    },
    workers: {
      threads: toInt('workers.threads', c.workers.threads, 1, 256),
      concurrentTasksPerWorker: toInt('workers.concurrentTasksPerWorker', c.workers.concurrentTasksPerWorker, 1, 4096),
      maxQueue: toInt('workers.maxQueue', c.workers.maxQueue, 1, 1_000_000),
      retryAfterS: toInt('workers.retryAfterS', c.workers.retryAfterS, 1, 3600),
    },
    session: {
      timeoutMs: toInt('session.timeoutMs', c.session.timeoutMs, 1000, 3600_000),
      lockTtlMs: toInt('session.lockTtlMs', c.session.lockTtlMs, 100, 600_000),
      taskResultTtlMs: toInt('session.taskResultTtlMs', c.session.taskResultTtlMs, 1000, 365 * 24 * 3600_000),
    },
    redis: {
      url: toOptionalUrl('redis.url', c.redis.url, ['redis:', 'rediss:']),
      keyPrefix: toStr('redis.keyPrefix', c.redis.keyPrefix),
    },
    clickhouse: {
      url: toOptionalUrl('clickhouse.url', c.clickhouse.url, ['http:', 'https:']),
      database: /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(c.clickhouse.database))
        ? String(c.clickhouse.database)
        : fail('clickhouse.database must be an identifier (letters, digits, _)'),
      username: toStr('clickhouse.username', c.clickhouse.username, false),
      password: toStr('clickhouse.password', c.clickhouse.password),
    },
    ingest: {
      batchRows: toInt('ingest.batchRows', c.ingest.batchRows, 1, 10_000_000),
      batchBytes: toInt('ingest.batchBytes', c.ingest.batchBytes, 1024, 1 << 30),
      flushIntervalMs: toInt('ingest.flushIntervalMs', c.ingest.flushIntervalMs, 10, 600_000),
      maxHeldBytes: toInt('ingest.maxHeldBytes', c.ingest.maxHeldBytes, 1024, 16 * 1024 * 1024 * 1024),
    },
    shutdownGraceMs: toInt('shutdownGraceMs', c.shutdownGraceMs, 0, 600_000),
  };
}

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

export interface LoadConfigOptions {
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  overrides?: ConfigInput;
}

/** Builds the frozen configuration; throws PRV_ERR_CONFIG_INVALID naming the bad setting. */
export function loadConfig(options: LoadConfigOptions = {}): Readonly<Config> {
  const env = options.env ?? process.env;
  const config = defaultConfig() as unknown as Record<string, unknown>;
  const file = options.file ?? env.PROVISIO_CONFIG;
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      fail(`cannot read configuration file ${file}: ${(err as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object') fail(`${file} must hold a JSON object`);
    merge(config, parsed as Record<string, unknown>, '');
  }
  merge(config, configFromEnv(env), '');
  if (options.overrides) merge(config, options.overrides as Record<string, unknown>, '');
  return deepFreeze(validate(config as unknown as Config));
}
