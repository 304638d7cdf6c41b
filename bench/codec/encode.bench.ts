/**
 * Encoder throughput of the generated codec, each compared with turning the finished envelope
 * string into bytes (`Buffer.from`, the floor every encoder pays), in the same run.
 * Encoders take about a microsecond or less, so each timed call encodes many times.
 *
 * Run alone with `npx tsx bench/codec/encode.bench.ts`.
 */
import { Bench } from 'tinybench';
import { encodeEnvelope, encodeEnvelopeString } from '../../src/codec/encode.js';
import type { EncodableMessage } from '../../src/codec/messages.js';
import { benchRow, isMain, opsPerSecond, printReport, type BenchReport, type BenchRow } from '../report.js';
import { NS, parameterValues } from './inputs.js';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`bench self-check failed: ${what}`);
}

interface Case {
  name: string;
  message: EncodableMessage;
  perCall: number;
}

function cases(): Case[] {
  const names = Array.from({ length: 100 }, (_, i) => `Device.Hosts.Host.${i + 1}.`);
  return [
    { name: 'InformResponse', message: { kind: 'InformResponse', MaxEnvelopes: 1 }, perCall: 1000 },
    { name: 'GetParameterValues (100 names)', message: { kind: 'GetParameterValues', ParameterNames: names }, perCall: 50 },
    { name: 'SetParameterValues (50 values)', message: { kind: 'SetParameterValues', ParameterList: parameterValues(50), ParameterKey: 'key-1' }, perCall: 50 },
  ];
}

export async function run(): Promise<BenchReport> {
  const bench = new Bench({ time: 500, warmup: true, warmupTime: 200 });
  const all = cases();
  const options = { namespace: NS, header: { id: 'req-1' } };
  for (const c of all) {
    const expected = encodeEnvelopeString(c.message, options);
    const bytes = Buffer.byteLength(expected);
    bench.add(`Buffer.from of the envelope: ${c.name}`, () => {
      let n = 0;
      for (let i = 0; i < c.perCall; i++) n += Buffer.from(expected, 'utf8').length;
      check(n === bytes * c.perCall, 'Buffer.from');
    });
    bench.add(`encode string ${c.name}`, () => {
      let n = 0;
      for (let i = 0; i < c.perCall; i++) n += encodeEnvelopeString(c.message, options).length;
      check(n === expected.length * c.perCall, `${c.name} encode`);
    });
    bench.add(`encode bytes ${c.name}`, () => {
      let n = 0;
      for (let i = 0; i < c.perCall; i++) n += encodeEnvelope(c.message, options).length;
      check(n === Buffer.byteLength(expected) * c.perCall, `${c.name} encode bytes`);
    });
  }
  await bench.run();
  const rows: BenchRow[] = [];
  for (const c of all) {
    const bytes = Buffer.byteLength(encodeEnvelopeString(c.message, options));
    const ref = bench.getTask(`Buffer.from of the envelope: ${c.name}`);
    if (ref === undefined) throw new Error('bench task missing');
    const reference = { name: ref.name, opsPerSec: opsPerSecond(ref, c.perCall) };
    rows.push(benchRow(reference.name, reference.opsPerSec, reference, bytes));
    for (const prefix of ['encode string', 'encode bytes']) {
      const task = bench.getTask(`${prefix} ${c.name}`);
      if (task === undefined) throw new Error('bench task missing');
      rows.push(benchRow(`${prefix} ${c.name}`, opsPerSecond(task, c.perCall), reference, bytes));
    }
  }
  return { name: 'CWMP encode vs Buffer.from of the same envelope', rows };
}

if (isMain(import.meta.url)) printReport(await run());
