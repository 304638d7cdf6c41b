/**
 * The one ingest writer of a process: batches the TabSeparated rows that workers produce and
 * inserts them into ClickHouse, one insert in flight per table (ingest-lane.ts). The CWMP path only
 * calls push(), which appends to an array and returns; everything that can wait or fail is behind it.
 *
 * While ClickHouse fails, batches wait in memory up to maxHeldBytes and in spool files beyond, and
 * close() spools whatever is left: nothing accepted is lost. Delivery is at least once: an insert
 * that ClickHouse applied but whose answer was lost (a timeout, a dropped connection) is retried
 * and its rows are stored twice.
 */
import { ProvisioError } from '../../errors/codes.js';
import type { ClickHouseBackend } from './backend.js';
import { batchText, Lane, type Batch, type LaneContext } from './ingest-lane.js';
import type { IngestRows, IngestSink, IngestTable } from './ingest-sink.js';
import { Spool, type SpoolFile } from './spool.js';

/** Settings of an {@link IngestWriter}; the four sizes come from `config.ingest`. */
export interface IngestWriterOptions {
  backend: ClickHouseBackend;
  /** A table's batch is inserted when it holds this many rows… */
  batchRows: number;
  /** …or this many bytes (UTF-16 code units, bytes for ASCII)… */
  batchBytes: number;
  /** …or at the latest this often. */
  flushIntervalMs: number;
  /** Past this many bytes of sealed batches in memory, the newest go to spool files. */
  maxHeldBytes: number;
  /** Folder of spool files, for this process alone (e.g. `<dataDir>/spool/ingest`). */
  spoolDir: string;
  log?: (line: string) => void;
  /** First retry delay after a failed insert; doubles up to {@link retryMaxMs}. Default 200. */
  retryBaseMs?: number;
  /** Default 5000. */
  retryMaxMs?: number;
  /** How long close() keeps trying ClickHouse, and then waits for inserts in flight. Default 5000. */
  closeGraceMs?: number;
}

/** Counters for logs and tests. */
export interface IngestWriterStats {
  /** Rows accepted and in memory (not yet inserted, not spooled). */
  heldRows: number;
  heldBytes: number;
  /** Batches waiting in spool files. */
  spooledFiles: number;
  insertedRows: number;
  failedInserts: number;
  /** Batches ClickHouse refused as malformed, kept under `<spoolDir>/rejected`. */
  rejectedBatches: number;
  /** Rows refused by push(): after close(), or not whole lines. */
  droppedRows: number;
  lastError?: string;
}

interface Waiter {
  ready(): boolean;
  resolve(): void;
}

/** Batches ingest rows into ClickHouse; see the module comment for the guarantees. */
export class IngestWriter implements IngestSink {
  readonly #batchRows: number;
  readonly #batchBytes: number;
  readonly #maxHeldBytes: number;
  readonly #closeGraceMs: number;
  readonly #log: (line: string) => void;
  readonly #spool: Spool;
  readonly #lanes: Readonly<Record<IngestTable, Lane>>;
  readonly #all: readonly Lane[];
  readonly #stats: IngestWriterStats = { heldRows: 0, heldBytes: 0, spooledFiles: 0, insertedRows: 0, failedInserts: 0, rejectedBatches: 0, droppedRows: 0 };
  readonly #timer: NodeJS.Timeout;
  readonly #started: Promise<void>;
  #waiters: Waiter[] = [];
  #seq = 0;
  #spilling = false;
  #closing: Promise<void> | null = null;
  /** close() was called: push() drops rows. */
  #closed = false;
  /** close() gave up on ClickHouse: no insert starts any more. */
  #stopped = false;

  constructor(options: IngestWriterOptions) {
    for (const key of ['batchRows', 'batchBytes', 'flushIntervalMs', 'maxHeldBytes'] as const) {
      if (!(options[key] > 0)) throw new RangeError(`IngestWriter: ${key} must be positive, got ${options[key]}`);
    }
    this.#batchRows = options.batchRows;
    this.#batchBytes = options.batchBytes;
    this.#maxHeldBytes = options.maxHeldBytes;
    this.#closeGraceMs = options.closeGraceMs ?? 5000;
    this.#log = options.log ?? (() => undefined);
    this.#spool = new Spool(options.spoolDir);
    let started!: () => void;
    this.#started = new Promise<void>((resolve) => (started = resolve));
    const context: LaneContext = {
      backend: options.backend,
      spool: this.#spool,
      stats: this.#stats,
      log: this.#log,
      retryBaseMs: options.retryBaseMs ?? 200,
      retryMaxMs: options.retryMaxMs ?? 5000,
      started: this.#started,
      stopped: () => this.#stopped,
      changed: () => this.#notify(),
    };
    this.#lanes = { sessions: new Lane('sessions', context), parameter_values: new Lane('parameter_values', context) };
    this.#all = Object.values(this.#lanes);
    this.#timer = setInterval(() => this.#sealAll(), options.flushIntervalMs).unref();
    void this.#replaySpool()
      .catch((err: Error) => this.#log(`ingest: spool replay failed: ${err.message}`))
      .finally(started);
  }

  /** Resolves once spool files left by an earlier run are queued; they are inserted first. */
  start(): Promise<void> {
    return this.#started;
  }

  /** Adds whole pushes to the table's open batch: O(1), never throws, never waits. */
  push(rows: IngestRows): void {
    // Tested by name, not by lookup: a table called "constructor" must not find a prototype member.
    const lane = rows.table === 'sessions' || rows.table === 'parameter_values' ? this.#lanes[rows.table] : undefined;
    // The last character must end a line: one bad push must not make a whole batch unparsable.
    if (this.#closed || lane === undefined || !(rows.rows > 0) || rows.tsv.charCodeAt(rows.tsv.length - 1) !== 10) {
      this.#drop(rows);
      return;
    }
    const b = (lane.open ??= this.#batch(lane.table, [], 0));
    b.parts!.push(rows.tsv);
    b.rows += rows.rows;
    b.bytes += rows.tsv.length;
    this.#stats.heldRows += rows.rows;
    this.#stats.heldBytes += rows.tsv.length;
    if (b.rows >= this.#batchRows || b.bytes >= this.#batchBytes) this.#seal(lane);
  }

  #drop(rows: IngestRows): void {
    if (!(rows.rows > 0)) return;
    this.#stats.droppedRows += rows.rows;
    const why = this.#closed ? 'pushed after close()' : Object.hasOwn(this.#lanes, rows.table) ? 'not ending in a line feed' : `for unknown table ${rows.table}`;
    // The first drop says why; the count in stats() tells how many followed.
    if (this.#stats.droppedRows === rows.rows) this.#log(`ingest: dropping ${rows.rows} rows ${why}`);
  }

  /** A copy of the counters. */
  stats(): IngestWriterStats {
    return { ...this.#stats };
  }

  /**
   * Resolves when every row pushed before the call is in ClickHouse (or set aside as malformed);
   * rejects with PRV_ERR_INGEST_FLUSH_TIMEOUT after `timeoutMs`, rows kept. Retries now what waits
   * on a backoff.
   */
  async flush(timeoutMs = 30_000): Promise<void> {
    this.#sealAll();
    await this.#started;
    const targets = this.#all.flatMap((lane) => lane.queue);
    for (const lane of this.#all) lane.cancelRetry(true);
    await this.#until(() => targets.every((b) => b.done), timeoutMs);
  }

  /**
   * Inserts what is held for up to `closeGraceMs`, then writes whatever ClickHouse did not take to
   * spool files for the next start to replay. Does not close the backend.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.flush(this.#closeGraceMs).catch(() => undefined);
    this.#stopped = true;
    for (const lane of this.#all) lane.cancelRetry(false);
    // An insert still running after this wait is spooled all the same: at least once.
    await this.#until(() => this.#all.every((l) => !l.inFlight), this.#closeGraceMs).catch(() => undefined);
    const left = this.#all.flatMap((lane) => lane.queue.filter((b) => b.parts !== null).map((b) => this.#spillBatch(lane, b)));
    await Promise.all(left);
    const { spooledFiles, heldRows } = this.#stats;
    if (spooledFiles > 0) this.#log(`ingest: closed with ${spooledFiles} batches in ${this.#spool.dir}, replayed at the next start`);
    if (heldRows > 0) this.#log(`ingest: closed with ${heldRows} rows neither in ClickHouse nor in ${this.#spool.dir}: they are lost`);
  }

  #batch(table: IngestTable, parts: string[] | null, rows: number, file: SpoolFile | null = null): Batch {
    return { table, seq: ++this.#seq, rows, bytes: 0, parts, file, spilling: null, done: false };
  }

  #seal(lane: Lane): void {
    const b = lane.open;
    if (b === null) return;
    lane.open = null;
    lane.queue.push(b);
    void lane.pump();
    if (this.#stats.heldBytes > this.#maxHeldBytes) void this.#spill();
  }

  #sealAll(): void {
    for (const lane of this.#all) this.#seal(lane);
  }

  async #replaySpool(): Promise<void> {
    let files: SpoolFile[];
    try {
      files = await this.#spool.open();
    } catch (err) {
      this.#log(`ingest: cannot use spool folder ${this.#spool.dir}, rows will only be held in memory: ${(err as Error).message}`);
      return;
    }
    if (files.length > 0) this.#log(`ingest: replaying ${files.length} spool files from ${this.#spool.dir}`);
    this.#stats.spooledFiles += files.length;
    for (const lane of this.#all) {
      lane.queue.unshift(...files.filter((f) => f.table === lane.table).map((f) => this.#batch(f.table, null, f.rows, f)));
      void lane.pump();
    }
  }

  /**
   * Moves the newest sealed batches to disk until memory is under maxHeldBytes again: the oldest
   * stay in memory because they are inserted first. Open batches and inserts in flight come on top
   * of the limit, so that a slow ClickHouse yields one file per batch, not one per push.
   */
  async #spill(): Promise<void> {
    if (this.#spilling) return;
    this.#spilling = true;
    try {
      await this.#started; // the spool folder exists from then on
      while (this.#stats.heldBytes > this.#maxHeldBytes) {
        const victim = this.#newestIdle();
        if (victim === undefined) return;
        await this.#spillBatch(victim.lane, victim.batch);
        if (victim.batch.parts !== null) return; // the disk failed, already logged
      }
    } finally {
      this.#spilling = false;
    }
  }

  #newestIdle(): { lane: Lane; batch: Batch } | undefined {
    let found: { lane: Lane; batch: Batch } | undefined;
    for (const lane of this.#all) {
      for (let i = lane.queue.length - 1; i >= (lane.inFlight ? 1 : 0); i--) {
        const b = lane.queue[i]!;
        if (b.parts !== null && b.spilling === null && (found === undefined || b.seq > found.batch.seq)) found = { lane, batch: b };
      }
    }
    return found;
  }

  #spillBatch(lane: Lane, b: Batch): Promise<void> {
    b.spilling ??= (async () => {
      try {
        const file = await this.#spool.write(b.table, b.rows, batchText(b));
        if (b.done) return await this.#spool.remove(file); // inserted meanwhile
        b.file = file;
        this.#stats.spooledFiles++;
        lane.release(b);
      } catch (err) {
        this.#log(`ingest: cannot write a spool file in ${this.#spool.dir}, keeping rows in memory: ${(err as Error).message}`);
      } finally {
        b.spilling = null;
      }
    })();
    return b.spilling;
  }

  #until(ready: () => boolean, timeoutMs: number): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        const { heldRows, spooledFiles, lastError } = this.#stats;
        reject(new ProvisioError('INGEST_FLUSH_TIMEOUT', { timeoutMs, heldRows, spooledFiles, detail: lastError ?? 'none' }));
      }, timeoutMs);
      const waiter: Waiter = { ready, resolve: () => (clearTimeout(timer), resolve()) };
      this.#waiters.push(waiter);
    });
  }

  #notify(): void {
    if (this.#waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const w of this.#waiters) (w.ready() ? w.resolve() : still.push(w));
    this.#waiters = still;
  }
}
