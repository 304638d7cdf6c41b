/**
 * Embedded ClickHouse (chDB) backend. Only the asynchronous calls of chDB are used: its
 * synchronous `query` runs the engine on the event loop and would stall every CPE session.
 *
 * chDB binds one data folder per process: a Session on a second folder fails while the first is
 * open (a second Session on the same folder works). Provisio therefore opens one folder,
 * `<dataDir>/clickhouse`, and no other Provisio process may use the same dataDir.
 */
import { mkdirSync } from 'node:fs';
import { drainPending, Session } from 'chdb';
import { ProvisioError } from '../../errors/codes.js';
import { clickhouseErrorCode, isMalformedRowsCode, shortMessage, type ClickHouseBackend } from './backend.js';
import type { IngestTable } from './ingest-sink.js';
import { sqlIdentifier } from './tsv.js';

/** Where and what {@link openChdbBackend} opens. */
export interface ChdbBackendOptions {
  /** Data folder of the engine, created if missing. */
  path: string;
  database: string;
}

class ChdbBackend implements ClickHouseBackend {
  readonly description: string;
  readonly database: string;
  readonly #session: Session;
  readonly #where: string;
  readonly #tables: Readonly<Record<IngestTable, string>>;

  constructor(session: Session, path: string, database: string) {
    this.#session = session;
    this.database = database;
    this.#where = `chDB ${path}`;
    this.description = `chDB at ${path} (database ${database})`;
    this.#tables = { sessions: `${database}.sessions`, parameter_values: `${database}.parameter_values` };
  }

  async insertTsv(table: IngestTable, tsv: string): Promise<void> {
    try {
      await this.#session.insert({ table: this.#tables[table], values: tsv, format: 'TabSeparated' });
    } catch (err) {
      const detail = shortMessage(err);
      throw isMalformedRowsCode(clickhouseErrorCode(err))
        ? new ProvisioError('CLICKHOUSE_BAD_ROWS', { url: this.#where, table, detail }, { cause: err })
        : new ProvisioError('CLICKHOUSE_INSERT', { url: this.#where, table, detail }, { cause: err });
    }
  }

  async query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    const text = await this.#run(sql, 'JSONEachRow');
    const rows: T[] = [];
    for (const line of text.split('\n')) if (line !== '') rows.push(JSON.parse(line) as T);
    return rows;
  }

  async command(sql: string): Promise<void> {
    await this.#run(sql, 'TabSeparated');
  }

  async ping(): Promise<void> {
    await this.#run('SELECT 1', 'TabSeparated');
  }

  async close(): Promise<void> {
    this.#session.close();
    // close() defers the teardown behind operations still running on the engine's threads; wait
    // for it so that the process may open chDB again (tests, a restart of the store).
    await drainPending();
  }

  async #run(sql: string, format: string): Promise<string> {
    try {
      return (await this.#session.queryAsync(sql, { format })).text();
    } catch (err) {
      throw new ProvisioError('CLICKHOUSE_QUERY', { url: this.#where, detail: shortMessage(err) }, { cause: err });
    }
  }
}

/**
 * Opens (creating if needed) the chDB data folder and `database` in it, made the default database
 * of the session. Rejects with PRV_ERR_CHDB_OPEN when the engine refuses the folder.
 */
export async function openChdbBackend(options: ChdbBackendOptions): Promise<ClickHouseBackend> {
  const database = sqlIdentifier(options.database);
  let session: Session;
  try {
    mkdirSync(options.path, { recursive: true });
    // 18.16 quotes 64-bit integers in JSON by default and chDB 26.7 does not: make them agree.
    session = new Session(options.path, { connectionArgs: ['--output_format_json_quote_64bit_integers=1'] });
  } catch (err) {
    throw new ProvisioError('CHDB_OPEN', { path: options.path, detail: shortMessage(err) }, { cause: err });
  }
  const backend = new ChdbBackend(session, options.path, database);
  try {
    await backend.command(`CREATE DATABASE IF NOT EXISTS ${database}`);
    // USE holds for the later queries of this session (checked against chDB 3.4.0).
    await backend.command(`USE ${database}`);
  } catch (err) {
    await backend.close();
    throw err;
  }
  return backend;
}
