/**
 * Differential fuzzing of the whole decoder: random mutations of real-world-shaped CWMP bodies go
 * through `decodeEnvelope` with the fast tokenizer and with the `sax` reference, and must give the
 * same decoded envelope or the same error code — never a throw.
 *
 * `npm run fuzz -- --mutations 1000000 --seed 42` runs long; the test suite runs a short pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { decodeEnvelope, type DecodeResult } from '../../src/codec/decode.js';
import { cwmpCorpus } from '../codec/xml/xml-corpus.js';
import { mutate } from '../codec/xml/xml-mutations.js';

export interface DecodeFuzzReport {
  mutations: number;
  accepted: number;
  refused: number;
  /** The first bodies on which the two tokenizers disagreed or the decoder threw (at most 5). */
  failures: Array<{ body: string; fast: string; sax: string }>;
}

/** The corpus: the tokenizer suite's bodies and the conformance corpus. */
export function fuzzSeeds(): Uint8Array[] {
  const dir = fileURLToPath(new URL('../conformance/corpus/', import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();
  return [...cwmpCorpus().map((c) => c.body), ...files.map((f) => new Uint8Array(readFileSync(dir + f)))];
}

/** Small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function outcome(body: Uint8Array, tokenizer: 'fast' | 'sax'): string {
  let result: DecodeResult;
  try {
    result = decodeEnvelope(body, { tokenizer });
  } catch (err) {
    return `THREW ${err instanceof Error ? err.message : String(err)}`;
  }
  // The error class is what the CPE sees (HTTP status and CWMP fault); which check fired first may
  // differ between tokenizers (a malformed DOCTYPE is 'doctype' to one and 'malformed' to the other).
  if (!result.ok) return `error ${result.error.httpStatus}/${result.error.cwmpFault ?? '-'}`;
  // Warnings name positions and tokenizer details; the decoded message is what must agree.
  const { warnings: _warnings, ...envelope } = result.envelope as typeof result.envelope & { warnings?: unknown };
  return JSON.stringify(envelope, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value));
}

export function fuzzDecode(seeds: readonly Uint8Array[], seed: number, mutations: number): DecodeFuzzReport {
  const random = seededRandom(seed);
  const report: DecodeFuzzReport = { mutations, accepted: 0, refused: 0, failures: [] };
  for (let i = 0; i < mutations; i++) {
    const body = mutate(seeds[Math.floor(random() * seeds.length)]!, random);
    const fast = outcome(body, 'fast');
    const sax = outcome(body, 'sax');
    if (fast.startsWith('error ')) report.refused++;
    else report.accepted++;
    if ((fast !== sax || fast.startsWith('THREW')) && report.failures.length < 5) {
      report.failures.push({ body: Buffer.from(body).toString('latin1'), fast: fast.slice(0, 300), sax: sax.slice(0, 300) });
    }
  }
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { mutations: { type: 'string', default: '1000000' }, seed: { type: 'string', default: String(Date.now() % 1e9) } } });
  const started = performance.now();
  const report = fuzzDecode(fuzzSeeds(), Number(values.seed), Number(values.mutations));
  const seconds = (performance.now() - started) / 1000;
  console.log(`seed ${values.seed}: ${report.mutations} mutations in ${seconds.toFixed(1)} s, ${report.accepted} decoded, ${report.refused} refused, ${report.failures.length} disagreements`);
  for (const f of report.failures) console.log(JSON.stringify(f));
  process.exitCode = report.failures.length > 0 ? 1 : 0;
}
