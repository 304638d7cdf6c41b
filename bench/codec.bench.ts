/**
 * CWMP codec throughput. Decoding is compared with a bare `sax` pass over the same bytes (same
 * options, no element handlers): the ratio is what the codec costs on top of the tokenizer it
 * cannot avoid. Encoding is compared with a template string that writes the very same bytes
 * without escaping or dispatch. Every timed function checks its own result.
 *
 * Run alone with `npx tsx bench/codec.bench.ts`.
 */
import { readFileSync } from 'node:fs';
import sax, { type SAXOptions } from 'sax';
import { Bench } from 'tinybench';
import { decodeEnvelope } from '../src/codec/decode.js';
import { encodeEnvelope } from '../src/codec/encode.js';
import type { CwmpNamespace, GetParameterValues } from '../src/codec/messages.js';
import { benchRow, isMain, opsPerSecond, printReport, type BenchReport, type BenchRow } from './report.js';

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../test/codec/fixtures/${name}`, import.meta.url));
}

/** A 7.4 KiB periodic Inform with 32 parameters, pretty-printed as many CPEs send it. */
const INFORM = fixture('inform-tr181-periodic.xml');
/** A 6 KiB GetParameterValuesResponse with 40 parameters, on one line. */
const GPV_RESPONSE = fixture('gpv-response-hosts.xml');

const NS: CwmpNamespace = 'urn:dslforum-org:cwmp-1-2';
const GPV: GetParameterValues = {
  kind: 'GetParameterValues',
  ParameterNames: ['Device.DeviceInfo.', 'Device.ManagementServer.', 'Device.WiFi.SSID.1.SSID', 'Device.WiFi.Radio.1.Channel', 'Device.Hosts.'],
};
/** Encoders take well under a microsecond; each timed call does this many so that timer overhead stays small. */
const ENCODES_PER_CALL = 100;

const utf8 = new TextDecoder();

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`bench self-check failed: ${what}`);
}

/** The reference: the tokenizer alone, set up as the decoder sets it up, counting documents only. */
function bareSax(): (bytes: Uint8Array) => void {
  const parser = sax.parser(true, { strictEntities: true, position: true } as SAXOptions);
  let ended = 0;
  parser.onend = () => ended++;
  return (bytes) => {
    const before = ended;
    parser.write(utf8.decode(bytes)).close();
    check(ended === before + 1, 'bare sax did not reach the end of the document');
  };
}

function decodeInform(): void {
  const r = decodeEnvelope(INFORM);
  check(r.ok && r.envelope.message.kind === 'Inform' && r.envelope.message.ParameterList.length === 32, 'Inform decode');
}

function decodeGpvResponse(): void {
  const r = decodeEnvelope(GPV_RESPONSE);
  check(r.ok && r.envelope.message.kind === 'GetParameterValuesResponse' && r.envelope.message.ParameterList.length === 40, 'GPV response decode');
}

/** The encoder's exact output written as one template string, for the encode reference. */
const PREFIXES =
  'xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" ' +
  'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
function templateEnvelope(id: string, body: string): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<soap-env:Envelope ${PREFIXES} xmlns:cwmp="${NS}"><soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">${id}</cwmp:ID></soap-env:Header><soap-env:Body>${body}</soap-env:Body></soap-env:Envelope>`,
  );
}
function templateGpv(id: string, names: readonly string[]): Buffer {
  let strings = '';
  for (const n of names) strings += `<string>${n}</string>`;
  return templateEnvelope(id, `<cwmp:GetParameterValues><ParameterNames soap-enc:arrayType="xsd:string[${names.length}]">${strings}</ParameterNames></cwmp:GetParameterValues>`);
}
function templateInformResponse(id: string): Buffer {
  return templateEnvelope(id, '<cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>');
}

function encodeGpv(): Buffer {
  return encodeEnvelope(GPV, { namespace: NS, header: { id: 'task-17' } });
}
function encodeInformResponse(): Buffer {
  return encodeEnvelope({ kind: 'InformResponse', MaxEnvelopes: 1 }, { namespace: NS, header: { id: '1708852447' } });
}

/** Times `fn` ENCODES_PER_CALL times per call and checks every output's length. */
function encodeLoop(fn: () => Buffer, expectedBytes: number): () => void {
  return () => {
    for (let i = 0; i < ENCODES_PER_CALL; i++) check(fn().length === expectedBytes, 'encoded length');
  };
}

/** Runs the codec benches and returns their report. */
export async function run(): Promise<BenchReport> {
  // The reference must write what the encoder writes, or the ratio compares different work.
  const gpvBytes = encodeGpv();
  const irBytes = encodeInformResponse();
  check(gpvBytes.equals(templateGpv('task-17', GPV.ParameterNames)), 'GPV template equals the encoder output');
  check(irBytes.equals(templateInformResponse('1708852447')), 'InformResponse template equals the encoder output');

  const saxInform = bareSax();
  const saxGpvResponse = bareSax();
  const bench = new Bench({ time: 1500, warmupTime: 300, throws: true });
  bench
    .add('decode Inform', decodeInform)
    .add('sax bare pass, Inform', () => saxInform(INFORM))
    .add('decode GetParameterValuesResponse', decodeGpvResponse)
    .add('sax bare pass, GetParameterValuesResponse', () => saxGpvResponse(GPV_RESPONSE))
    .add('encode GetParameterValues', encodeLoop(encodeGpv, gpvBytes.length))
    .add('template GetParameterValues', encodeLoop(() => templateGpv('task-17', GPV.ParameterNames), gpvBytes.length))
    .add('encode InformResponse', encodeLoop(encodeInformResponse, irBytes.length))
    .add('template InformResponse', encodeLoop(() => templateInformResponse('1708852447'), irBytes.length));
  await bench.run();

  const ops = (name: string, perCall = 1): { name: string; opsPerSec: number } => {
    const task = bench.getTask(name);
    if (task === undefined) throw new Error(`no bench task ${name}`);
    return { name, opsPerSec: opsPerSecond(task, perCall) };
  };
  const rows: BenchRow[] = [];
  const pair = (measured: string, reference: string, bytes: number | undefined, perCall = 1): void => {
    const ref = ops(reference, perCall);
    const m = ops(measured, perCall);
    rows.push(benchRow(m.name, m.opsPerSec, ref, bytes), benchRow(ref.name, ref.opsPerSec, ref, bytes));
  };
  pair('decode Inform', 'sax bare pass, Inform', INFORM.length);
  pair('decode GetParameterValuesResponse', 'sax bare pass, GetParameterValuesResponse', GPV_RESPONSE.length);
  pair('encode GetParameterValues', 'template GetParameterValues', gpvBytes.length, ENCODES_PER_CALL);
  pair('encode InformResponse', 'template InformResponse', irBytes.length, ENCODES_PER_CALL);
  return { name: `codec (Inform ${INFORM.length} B, GPV response ${GPV_RESPONSE.length} B)`, rows };
}

if (isMain(import.meta.url)) printReport(await run());
