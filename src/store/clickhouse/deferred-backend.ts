/**
 * A ClickHouse server that does not answer when Provisio starts must not keep CPEs from being
 * served: this backend finishes opening (database and schema) on first use and retries on every
 * call until the server answers. Until then inserts reject, so the ingest writer holds the rows.
 */
import type { ClickHouseBackend } from './backend.js';
import type { IngestTable } from './ingest-sink.js';

export class DeferredBackend implements ClickHouseBackend {
  private inner: ClickHouseBackend | undefined;
  private opening: Promise<ClickHouseBackend> | undefined;

  constructor(
    private readonly open: () => Promise<ClickHouseBackend>,
    readonly description: string,
    readonly database: string,
  ) {}

  private ready(): Promise<ClickHouseBackend> {
    if (this.inner !== undefined) return Promise.resolve(this.inner);
    // One attempt at a time, however many callers wait for it.
    this.opening ??= this.open().then(
      (backend) => (this.inner = backend),
      (err: unknown) => {
        this.opening = undefined;
        throw err;
      },
    );
    return this.opening;
  }

  async insertTsv(table: IngestTable, tsv: string): Promise<void> {
    return (await this.ready()).insertTsv(table, tsv);
  }

  async query<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    return (await this.ready()).query<T>(sql);
  }

  async command(sql: string): Promise<void> {
    return (await this.ready()).command(sql);
  }

  async ping(): Promise<void> {
    return (await this.ready()).ping();
  }

  async close(): Promise<void> {
    const backend = this.inner ?? (await this.opening?.catch(() => undefined));
    await backend?.close();
  }
}
