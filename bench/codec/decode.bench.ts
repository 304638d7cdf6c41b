/**
 * Decoder throughput of the generated codec on the fast tokenizer, each compared with a bare `sax`
 * pass with no-op handlers over the same bytes, measured in the same run (the ratio is decoder
 * ops/s over sax ops/s: above 1 is faster than sax alone). Every timed function checks its result.
 *
 * Run alone with `npx tsx bench/codec/decode.bench.ts`.
 */
import sax, { type SAXOptions } from 'sax';
import { Bench } from 'tinybench';
import { decodeEnvelope, type DecodeOptions } from '../../src/codec/decode.js';
import { benchRow, isMain, opsPerSecond, printReport, type BenchReport, type BenchRow } from '../report.js';
import { gpnResponseBody, gpvResponseBody, informBody } from './inputs.js';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`bench self-check failed: ${what}`);
}

const utf8 = new TextDecoder();

/** The reference: sax alone, strict, no-op handlers, over the same bytes decoded to a string. */
function bareSax(): (bytes: Uint8Array) => void {
  const parser = sax.parser(true, { strictEntities: true } as SAXOptions);
  let ended = 0;
  const noop = (): void => {};
  parser.onopentag = noop;
  parser.onclosetag = noop;
  parser.ontext = noop;
  parser.onend = () => ended++;
  return (bytes) => {
    const before = ended;
    parser.write(utf8.decode(bytes)).close();
    check(ended === before + 1, 'bare sax did not reach the end of the document');
  };
}

interface Case {
  name: string;
  body: Buffer;
  kind: string;
  count: (message: Record<string, unknown>) => number;
  expected: number;
}

const listLength = (key: string) => (m: Record<string, unknown>) => (m[key] as unknown[]).length;

function cases(): Case[] {
  return [
    { name: 'Inform (10 parameters)', body: informBody(), kind: 'Inform', count: listLength('ParameterList'), expected: 10 },
    { name: 'GetParameterValuesResponse (200)', body: gpvResponseBody(200), kind: 'GetParameterValuesResponse', count: listLength('ParameterList'), expected: 200 },
    { name: 'GetParameterValuesResponse (2,000)', body: gpvResponseBody(2000), kind: 'GetParameterValuesResponse', count: listLength('ParameterList'), expected: 2000 },
    { name: 'GetParameterNamesResponse (1,000)', body: gpnResponseBody(1000), kind: 'GetParameterNamesResponse', count: listLength('ParameterList'), expected: 1000 },
  ];
}

export async function run(options: DecodeOptions = { tokenizer: 'fast' }): Promise<BenchReport> {
  const bench = new Bench({ time: 500, warmup: true, warmupTime: 200 });
  const all = cases();
  const sax1 = bareSax();
  for (const c of all) {
    const decode = (): void => {
      const r = decodeEnvelope(c.body, options);
      check(r.ok && r.envelope.message.kind === c.kind && c.count(r.envelope.message as unknown as Record<string, unknown>) === c.expected, `${c.name} decode`);
    };
    decode();
    bench.add(`sax, no-op handlers: ${c.name}`, () => sax1(c.body));
    bench.add(`decode ${c.name}`, decode);
  }
  await bench.run();
  const rows: BenchRow[] = [];
  for (const c of all) {
    const saxTask = bench.getTask(`sax, no-op handlers: ${c.name}`);
    const decodeTask = bench.getTask(`decode ${c.name}`);
    if (saxTask === undefined || decodeTask === undefined) throw new Error('bench task missing');
    const reference = { name: saxTask.name, opsPerSec: opsPerSecond(saxTask) };
    rows.push(benchRow(reference.name, reference.opsPerSec, reference, c.body.length));
    rows.push(benchRow(`${decodeTask.name} (${c.body.length} B)`, opsPerSecond(decodeTask), reference, c.body.length));
  }
  return { name: `CWMP decode (${options.tokenizer ?? 'fast'} tokenizer) vs bare sax`, rows };
}

if (isMain(import.meta.url)) printReport(await run());
