/**
 * The ClickHouse contract of Provisio and the choice between its two implementations: a ClickHouse
 * server over HTTP (clickhouse.url set) or chDB embedded in the process (the default).
 */
import { resolve } from 'node:path';
import type { Config } from '../../config/config.js';
import { ProvisioError } from '../../errors/codes.js';
import type { IngestTable } from './ingest-sink.js';
import { schemaStatements } from './schema.js';

/** What the rest of Provisio may ask of ClickHouse, whichever engine answers. */
export interface ClickHouseBackend {
  /** For logs and error messages, without credentials: `ClickHouse server http://h:8123/provisio`. */
  readonly description: string;
  /** The database that holds Provisio's tables; also the default database of {@link query}. */
  readonly database: string;
  /**
   * Inserts complete TabSeparated lines into a table of {@link database}. Rejects with a
   * ProvisioError; `PRV_ERR_CLICKHOUSE_BAD_ROWS` means the rows themselves were refused and a
   * retry cannot succeed.
   */
  insertTsv(table: IngestTable, tsv: string): Promise<void>;
  /**
   * Runs a SELECT and returns its rows as parsed JSONEachRow. 64-bit integers arrive as strings on
   * both engines. Build the SQL with the helpers of tsv.ts: there are no bound parameters.
   */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Runs a statement without result rows (DDL, INSERT … SELECT). */
  command(sql: string): Promise<void>;
  /** Resolves when the engine answers a query with the configured credentials. */
  ping(): Promise<void>;
  /** Releases connections; the backend must not be used afterwards. */
  close(): Promise<void>;
}

/**
 * Opens the configured backend and creates the schema of ops/clickhouse/schema.sql (idempotent)
 * before resolving. A server when `clickhouse.url` is set, otherwise chDB under
 * `<dataDir>/clickhouse`. Rejects with a ProvisioError that says what to check.
 */
/**
 * Like {@link openClickHouse}, but a ClickHouse server that does not answer yet is not fatal: the
 * backend finishes opening once it does (see DeferredBackend). `deferred` says that happened.
 * Wrong credentials or schema errors still fail at once: they need an operator.
 */
export async function openClickHouseOrDefer(config: Pick<Config, 'clickhouse' | 'dataDir'>): Promise<{ backend: ClickHouseBackend; deferred: ProvisioError | undefined }> {
  try {
    return { backend: await openClickHouse(config), deferred: undefined };
  } catch (err) {
    const { url, database } = config.clickhouse;
    if (url === undefined || !(err instanceof ProvisioError) || err.code !== 'PRV_ERR_CLICKHOUSE_UNREACHABLE') throw err;
    const { DeferredBackend } = await import('./deferred-backend.js');
    const description = `ClickHouse server ${new URL(url).origin}/${database} (not answering yet; rows are held)`;
    return { backend: new DeferredBackend(() => openClickHouse(config), description, database), deferred: err };
  }
}

export async function openClickHouse(config: Pick<Config, 'clickhouse' | 'dataDir'>): Promise<ClickHouseBackend> {
  const { url, database, username, password } = config.clickhouse;
  // Imported on demand so that a server deployment never loads the chDB engine (a large native
  // library), and an embedded one never sets up the HTTP client.
  const backend =
    url !== undefined
      ? await (await import('./server-backend.js')).openServerBackend({ url, database, username, password })
      : await (await import('./chdb-backend.js')).openChdbBackend({ path: resolve(config.dataDir, 'clickhouse'), database });
  try {
    await createSchema(backend);
  } catch (err) {
    await backend.close().catch(() => undefined);
    throw err;
  }
  return backend;
}

/** Runs every statement of the schema file against `backend`; safe to repeat. */
export async function createSchema(backend: ClickHouseBackend): Promise<void> {
  for (const sql of await schemaStatements(backend.database)) {
    try {
      await backend.command(sql);
    } catch (err) {
      throw new ProvisioError(
        'CLICKHOUSE_SCHEMA',
        { database: backend.database, url: backend.description, detail: (err as Error).message },
        { cause: err },
      );
    }
  }
}

/**
 * ClickHouse error codes that say the inserted text itself could not be parsed: retrying the same
 * rows can never succeed, so the ingest writer sets such a batch aside instead.
 */
const MALFORMED_ROW_CODES = new Set([
  6, // CANNOT_PARSE_TEXT
  26, // CANNOT_PARSE_QUOTED_STRING
  27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  38, // CANNOT_PARSE_DATE
  41, // CANNOT_PARSE_DATETIME
  72, // CANNOT_PARSE_NUMBER
  117, // INCORRECT_DATA
  130, // CANNOT_READ_ARRAY_FROM_TEXT
]);

/** Authentication and authorisation failures across versions (18.16 has no 516 yet). */
const AUTH_CODES = new Set([192, 193, 194, 195, 516]);

/**
 * The numeric ClickHouse error code of an error from either engine, or undefined. The HTTP
 * client only parses the message format of recent servers, so `Code: N` is read from the text too.
 */
export function clickhouseErrorCode(err: unknown): number | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; clickhouseCode?: unknown; message?: unknown };
  for (const candidate of [e.clickhouseCode, e.code]) {
    const n = typeof candidate === 'string' && /^\d+$/.test(candidate) ? Number(candidate) : candidate;
    if (typeof n === 'number' && Number.isInteger(n)) return n;
  }
  const m = typeof e.message === 'string' ? /Code: (\d+)/.exec(e.message) : null;
  return m ? Number(m[1]) : undefined;
}

/** True for error codes that mean the rows were malformed, see {@link MALFORMED_ROW_CODES}. */
export function isMalformedRowsCode(code: number | undefined): boolean {
  return code !== undefined && MALFORMED_ROW_CODES.has(code);
}

/** True for error codes that mean the credentials were refused. */
export function isAuthCode(code: number | undefined): boolean {
  return code !== undefined && AUTH_CODES.has(code);
}

/** First line of an engine's error message: 18.16 appends the whole offending row and more. */
export function shortMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? line.slice(0, 300) + '…' : line;
}
