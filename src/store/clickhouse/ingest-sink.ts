/**
 * What workers hand to the one ingest writer of their process: rows already serialised as
 * TabSeparated lines, so the main thread only concatenates bytes.
 */

export type IngestTable = 'sessions' | 'parameter_values';

export interface IngestRows {
  table: IngestTable;
  /** Complete TabSeparated lines, each ending in `\n`, in the table's column order. */
  tsv: string;
  rows: number;
}

export interface IngestSink {
  /** Accepts rows for a later batched insert; never blocks and never throws on the hot path. */
  push(rows: IngestRows): void;
}
