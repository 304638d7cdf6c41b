/**
 * ClickHouse server backend over HTTP with @clickhouse/client. Kept to what ClickHouse 18.16
 * understands: no query_params, JSONEachRow for results, TabSeparated for inserts.
 */
import { Readable } from 'node:stream';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { ProvisioError } from '../../errors/codes.js';
import { clickhouseErrorCode, isAuthCode, isMalformedRowsCode, shortMessage, type ClickHouseBackend } from './backend.js';
import type { IngestTable } from './ingest-sink.js';
import { sqlIdentifier } from './tsv.js';

/** Connection settings of {@link openServerBackend}. */
export interface ServerBackendOptions {
  url: string;
  database: string;
  username: string;
  password: string;
  /** Per-request limit; an insert that takes longer fails and is retried. Default 30 s. */
  requestTimeoutMs?: number;
}

/** Socket errors that mean "nobody answered": worth a retry, and worth saying so. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);

/** Splits credentials written into the URL from it; like the client, they win over the settings. */
function splitUrl(options: ServerBackendOptions): ServerBackendOptions {
  const u = new URL(options.url);
  const username = u.username !== '' ? decodeURIComponent(u.username) : options.username;
  const password = u.username !== '' ? decodeURIComponent(u.password) : options.password;
  u.username = '';
  u.password = '';
  return { ...options, url: u.toString().replace(/\/$/, ''), username, password };
}

class ServerBackend implements ClickHouseBackend {
  readonly description: string;
  readonly database: string;
  readonly #client: ClickHouseClient;
  readonly #url: string;
  readonly #user: string;
  readonly #tables: Readonly<Record<IngestTable, string>>;

  constructor(client: ClickHouseClient, url: string, user: string, database: string) {
    this.database = database;
    this.#client = client;
    this.#url = url;
    this.#user = user;
    this.description = `ClickHouse server ${url}/${database}`;
    this.#tables = { sessions: `${database}.sessions`, parameter_values: `${database}.parameter_values` };
  }

  async insertTsv(table: IngestTable, tsv: string): Promise<void> {
    try {
      // A byte stream (not object mode) is what the client sends as-is for TabSeparated.
      await this.#client.insert({
        table: this.#tables[table],
        values: Readable.from([tsv], { objectMode: false }),
        format: 'TabSeparated',
      });
    } catch (err) {
      throw this.#error(err, table);
    }
  }

  async query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    try {
      const rs = await this.#client.query({ query: sql, format: 'JSONEachRow' });
      return await rs.json<T>();
    } catch (err) {
      throw this.#error(err);
    }
  }

  async command(sql: string): Promise<void> {
    try {
      await this.#client.command({ query: sql });
    } catch (err) {
      throw this.#error(err);
    }
  }

  async ping(): Promise<void> {
    // A query rather than /ping, because /ping does not check the credentials.
    await this.command('SELECT 1');
  }

  close(): Promise<void> {
    return this.#client.close();
  }

  #error(err: unknown, table?: IngestTable): ProvisioError {
    return classify(err, this.#url, this.#user, table);
  }
}

/** Turns an error of the HTTP client into a catalogue error that says what to check. */
function classify(err: unknown, url: string, user: string, table?: IngestTable): ProvisioError {
  const detail = shortMessage(err);
  const sysCode = (err as { code?: unknown } | null)?.code;
  const options = { cause: err };
  if ((typeof sysCode === 'string' && UNREACHABLE.has(sysCode)) || /timeout|socket hang up/i.test(detail)) {
    return new ProvisioError('CLICKHOUSE_UNREACHABLE', { url, detail }, options);
  }
  const code = clickhouseErrorCode(err);
  if (isAuthCode(code)) return new ProvisioError('CLICKHOUSE_AUTH', { url, user, detail }, options);
  if (table !== undefined) {
    return isMalformedRowsCode(code)
      ? new ProvisioError('CLICKHOUSE_BAD_ROWS', { url, table, detail }, options)
      : new ProvisioError('CLICKHOUSE_INSERT', { url, table, detail }, options);
  }
  return new ProvisioError('CLICKHOUSE_QUERY', { url, detail }, options);
}

function client(options: ServerBackendOptions, database: string | undefined): ClickHouseClient {
  return createClient({
    url: options.url,
    username: options.username,
    password: options.password,
    ...(database === undefined ? {} : { database }),
    request_timeout: options.requestTimeoutMs ?? 30_000,
    // Failures reach the caller as classified errors; the client's own console logging would
    // repeat each of them, once per retry of the ingest writer.
    log: { level: ClickHouseLogLevel.OFF },
    // 18.16 already quotes 64-bit integers in JSON; chDB is told the same, so results agree.
    clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
  });
}

/**
 * Connects to a ClickHouse server, creating `database` if needed so that it can be the default
 * database of every request. Rejects with PRV_ERR_CLICKHOUSE_UNREACHABLE / _AUTH / _QUERY.
 */
export async function openServerBackend(given: ServerBackendOptions): Promise<ClickHouseBackend> {
  const options = splitUrl(given);
  const database = sqlIdentifier(options.database);
  const url = options.url;
  // A client bound to a database that does not exist yet fails every request, the CREATE too.
  const bootstrap = client(options, undefined);
  try {
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
  } catch (err) {
    throw classify(err, url, options.username);
  } finally {
    await bootstrap.close();
  }
  return new ServerBackend(client(options, database), url, options.username, database);
}
