/**
 * The shared shape of bench results, so that `bench/run.ts` can run every bench file and print one
 * table. Each bench file exports `run(): Promise<BenchReport>` and runs itself when executed
 * directly (`if (isMain(import.meta.url)) …`).
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Task } from 'tinybench';

/** One measured function, compared with a reference measured in the same run. */
export interface BenchRow {
  name: string;
  opsPerSec: number;
  /** Input bytes processed per second, in MB (10^6 bytes), where the input has a size. */
  mbPerSec?: number;
  /** Name of the row this one is compared with; a reference row names itself. */
  reference: string;
  /** opsPerSec divided by the reference's opsPerSec: 0.5 is half as fast as the reference. */
  ratio: number;
}

/** What one bench file reports. */
export interface BenchReport {
  name: string;
  rows: BenchRow[];
}

/**
 * Operations per second of a finished tinybench task, from its mean latency. `opsPerCall` is the
 * number of operations one call of the task function performs (benches of sub-microsecond
 * functions loop inside the call so that timer overhead does not dominate). Throws when the task
 * did not complete, so that a failed self-check is never reported as a number.
 */
export function opsPerSecond(task: Task, opsPerCall = 1): number {
  const result = task.result;
  if (result.state === 'errored') throw new Error(`bench task "${task.name}" failed: ${result.error.message}`, { cause: result.error });
  if (result.state !== 'completed') throw new Error(`bench task "${task.name}" did not complete (${result.state})`);
  return (opsPerCall * 1000) / result.latency.mean;
}

/** A row for `name`, compared with `reference`; `bytes` is the input size of one operation. */
export function benchRow(name: string, opsPerSec: number, reference: { name: string; opsPerSec: number }, bytes?: number): BenchRow {
  const row: BenchRow = { name, opsPerSec, reference: reference.name, ratio: opsPerSec / reference.opsPerSec };
  if (bytes !== undefined) row.mbPerSec = (opsPerSec * bytes) / 1e6;
  return row;
}

/** Prints a report as an aligned table on stdout. */
export function printReport(report: BenchReport): void {
  const lines = report.rows.map((r) => [
    r.name,
    Math.round(r.opsPerSec).toLocaleString('en-US'),
    r.mbPerSec === undefined ? '' : r.mbPerSec.toFixed(1),
    r.reference === r.name ? '(reference)' : `${r.ratio.toFixed(2)}× ${r.reference}`,
  ]);
  const header = ['task', 'ops/s', 'MB/s', 'vs reference'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 || i === 3 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  console.log(`\n${report.name}`);
  console.log(format(header));
  for (const l of lines) console.log(format(l));
}

/** True when the module at `moduleUrl` is the script node was started with (not imported by a runner). */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === moduleUrl;
  } catch {
    return false;
  }
}
