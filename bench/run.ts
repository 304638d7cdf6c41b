/**
 * Runs every bench file (`*.bench.ts` in bench/ and its subfolders) one after the other and prints their tables; with
 * `--json FILE` it also writes the reports for comparison between releases.
 *
 *   npm run bench [-- --json bench/results/latest.json] [-- --only codec]
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { printReport, type BenchReport } from './report.js';

const { values } = parseArgs({ options: { json: { type: 'string' }, only: { type: 'string' } } });
const dir = new URL('./', import.meta.url);
// Bench files live in bench/ and its subfolders (bench/codec/…).
const files = (readdirSync(dir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.bench.ts') && (values.only === undefined || f.includes(values.only)))
  .sort();

const reports: BenchReport[] = [];
for (const file of files) {
  const bench = (await import(new URL(file, dir).href)) as { run: () => Promise<BenchReport> };
  const report = await bench.run();
  printReport(report);
  reports.push(report);
}
if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify({ node: process.version, reports }, null, 2)}\n`);
