/**
 * One table's path into ClickHouse inside the ingest writer: a queue of sealed batches inserted
 * oldest first, one insert at a time, retried with backoff while ClickHouse fails. Memory limits,
 * the spool policy and the writer's life cycle live in ingest-writer.ts.
 */
import { ProvisioError } from '../../errors/codes.js';
import type { ClickHouseBackend } from './backend.js';
import type { IngestTable } from './ingest-sink.js';
import type { IngestWriterStats } from './ingest-writer.js';
import type { Spool, SpoolFile } from './spool.js';

/** Rows of whole pushes: a batch is only ever cut between pushes, so no line is split. */
export interface Batch {
  readonly table: IngestTable;
  /** Creation order across tables; the spool policy moves the newest batches first. */
  readonly seq: number;
  rows: number;
  /** Length of the text in UTF-16 code units: bytes for ASCII, and free to compute. */
  bytes: number;
  /** Text in memory; null once it lives only in {@link file} or is done. */
  parts: string[] | null;
  file: SpoolFile | null;
  /** A spool write under way. */
  spilling: Promise<void> | null;
  /** Stored in ClickHouse, or set aside; nothing left to do. */
  done: boolean;
}

/** The text of a batch held in memory, joined once and kept so that retries do not join again. */
export function batchText(b: Batch): string {
  const parts = b.parts!;
  if (parts.length > 1) b.parts = [parts.join('')];
  return b.parts![0] ?? '';
}

/** What a lane shares with its writer. */
export interface LaneContext {
  readonly backend: ClickHouseBackend;
  readonly spool: Spool;
  /** The writer's counters, updated in place. */
  readonly stats: IngestWriterStats;
  readonly log: (line: string) => void;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Settles once earlier spool files are queued: no insert starts before. */
  readonly started: Promise<void>;
  /** True once the writer stops starting inserts (close() after its grace time). */
  stopped(): boolean;
  /** Called whenever a batch is done or an insert ends, for the writer's waiters. */
  changed(): void;
}

/** Moves one table's sealed batches into ClickHouse; see the module comment. */
export class Lane {
  readonly table: IngestTable;
  /** The batch being filled by push(). */
  open: Batch | null = null;
  /** Sealed batches, oldest first; the head may be in flight. */
  readonly queue: Batch[] = [];
  inFlight = false;
  #retryTimer: NodeJS.Timeout | null = null;
  #failures = 0;
  readonly #c: LaneContext;

  constructor(table: IngestTable, context: LaneContext) {
    this.table = table;
    this.#c = context;
  }

  /** Starts inserting unless an insert runs or a retry waits. Never rejects. */
  pump(): Promise<void> {
    return this.#pump().catch((err: Error) => this.#c.log(`ingest: ${this.table} lane failed: ${err.stack ?? err.message}`));
  }

  async #pump(): Promise<void> {
    await this.#c.started;
    while (!this.inFlight && this.#retryTimer === null && !this.#c.stopped()) {
      const b = this.queue[0];
      if (b === undefined) return;
      this.inFlight = true;
      try {
        const tsv = b.parts !== null ? batchText(b) : await this.#c.spool.read(b.file!);
        await this.#c.backend.insertTsv(this.table, tsv);
        if (this.#failures > 0) this.#c.log(`ingest: ${this.table} inserts work again after ${this.#failures} failures`);
        this.#failures = 0;
        this.#c.stats.insertedRows += b.rows;
        await this.#finish(b);
      } catch (err) {
        await this.#failed(b, err);
      } finally {
        this.inFlight = false;
        this.#c.changed();
      }
    }
  }

  /** Gives up waiting for the backoff: with `retry`, tries again at once. */
  cancelRetry(retry: boolean): void {
    if (this.#retryTimer === null) return;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    if (retry) void this.pump();
  }

  /** Frees the memory of a batch (it is done, or safe in a spool file). */
  release(b: Batch): void {
    if (b.parts === null) return;
    b.parts = null;
    this.#c.stats.heldRows -= b.rows;
    this.#c.stats.heldBytes -= b.bytes;
  }

  async #finish(b: Batch): Promise<void> {
    this.queue.shift();
    b.done = true;
    this.release(b);
    if (b.file !== null) {
      this.#c.stats.spooledFiles--;
      await this.#c.spool.remove(b.file).catch((err: Error) => this.#c.log(`ingest: cannot delete ${b.file!.path}: ${err.message}`));
    }
    this.#c.changed();
  }

  async #failed(b: Batch, err: unknown): Promise<void> {
    const { stats, log } = this.#c;
    const message = err instanceof Error ? err.message : String(err);
    stats.failedInserts++;
    stats.lastError = message;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      log(`ingest: spool file vanished, ${b.rows} ${this.table} rows lost: ${message}`);
      return this.#finish(b);
    }
    if (err instanceof ProvisioError && err.code === 'PRV_ERR_CLICKHOUSE_BAD_ROWS') {
      // Retrying cannot help: keep the rows for an operator and let the later batches through.
      const where = await this.#c.spool.reject(this.table, b.rows, b.file ?? batchText(b)).catch((e: Error) => `nowhere (${e.message})`);
      if (b.file !== null) {
        b.file = null; // moved to rejected/, not to be deleted by #finish
        stats.spooledFiles--;
      }
      stats.rejectedBatches++;
      log(`ingest: ${message}; ${b.rows} rows kept in ${where}`);
      return this.#finish(b);
    }
    this.#failures++;
    if (this.#failures === 1) log(`ingest: ${message}; holding ${this.table} rows and retrying`);
    const delay = Math.min(this.#c.retryMaxMs, this.#c.retryBaseMs * 2 ** Math.min(this.#failures - 1, 20));
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.pump();
    }, delay).unref();
  }
}
