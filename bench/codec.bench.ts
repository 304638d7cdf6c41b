/**
 * CWMP codec benches, for `npm run bench` (which runs bench/*.bench.ts): the decoder against a
 * bare `sax` pass and the encoder against `Buffer.from` of the same envelope. The benches live in
 * bench/codec/ and also run alone, e.g. `npx tsx bench/codec/decode.bench.ts`.
 */
import { run as runDecode } from './codec/decode.bench.js';
import { run as runEncode } from './codec/encode.bench.js';
import { isMain, printReport, type BenchReport } from './report.js';

export async function run(): Promise<BenchReport> {
  const decode = await runDecode();
  const encode = await runEncode();
  return { name: 'CWMP codec (generated): decode vs bare sax, encode vs Buffer.from', rows: [...decode.rows, ...encode.rows] };
}

if (isMain(import.meta.url)) printReport(await run());
