/**
 * Fast XML tokenizer against a bare `sax` pass (strict, strictEntities, no positions, no handlers
 * but onend) over the same bytes: a ~4 KB Inform and a GetParameterValuesResponse with 2,000
 * parameters. The fast tokenizer runs with a no-op sink that counts events, and every timed call
 * checks its count, so the work cannot be optimised away. sax includes its UTF-8 decode, as it
 * must pay it on the wire.
 *
 * Run alone with `npx tsx bench/codec/tokenizer.bench.ts`.
 */
import sax, { type SAXOptions } from 'sax';
import { Bench } from 'tinybench';
import { fastTokenizer } from '../../src/codec/xml/fast-tokenizer.js';
import { createNameTable } from '../../src/codec/xml/name-table.js';
import { DEFAULT_XML_LIMITS, type XmlSink } from '../../src/codec/xml/xml-events.js';
import { gpvResponse, INFORM_CRLF_BOM } from '../../test/codec/xml/xml-corpus.js';
import { fixture } from '../../test/codec/xml/xml-helpers.js';
import { benchRow, isMain, opsPerSecond, printReport, type BenchReport, type BenchRow } from '../report.js';

const NAMES = createNameTable(['Envelope', 'Header', 'Body', 'ID', 'Inform', 'DeviceId', 'Event', 'EventStruct', 'ParameterList', 'ParameterValueStruct', 'Name', 'Value', 'GetParameterValuesResponse']);

/** A ~4 KB Inform: the 2 KB fixture Inform with its parameter list twice as long. */
function inform4k(): Uint8Array {
  const base = Buffer.from(fixture('inform-cwmp-1-2-soapenv.xml')).toString('utf8');
  const open = base.indexOf('<ParameterValueStruct>');
  const close = base.lastIndexOf('</ParameterValueStruct>') + '</ParameterValueStruct>'.length;
  const body = base.slice(0, close) + base.slice(open, close).repeat(2) + base.slice(close);
  return new Uint8Array(Buffer.from(body, 'utf8'));
}

const utf8 = new TextDecoder();

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`bench self-check failed: ${what}`);
}

/** Counts events so that the timed function can check that the whole body was seen. */
class CountingSink implements XmlSink {
  events = 0;
  startElement(): void {
    this.events++;
  }
  text(): void {
    this.events++;
  }
  endElement(): void {
    this.events++;
  }
}

function bareSax(): (bytes: Uint8Array) => void {
  const parser = sax.parser(true, { strictEntities: true, position: false } as SAXOptions);
  let ended = 0;
  parser.onend = () => ended++;
  return (bytes) => {
    const before = ended;
    parser.write(utf8.decode(bytes)).close();
    check(ended === before + 1, 'bare sax did not reach the end of the document');
  };
}

function fastPass(bytes: Uint8Array): (bytes: Uint8Array) => void {
  const sink = new CountingSink();
  fastTokenizer.tokenize(bytes, sink, NAMES, DEFAULT_XML_LIMITS);
  const expected = sink.events;
  return (b) => {
    sink.events = 0;
    fastTokenizer.tokenize(b, sink, NAMES, DEFAULT_XML_LIMITS);
    check(sink.events === expected, 'fast tokenizer event count');
  };
}

export async function run(): Promise<BenchReport> {
  const inputs = [
    { label: 'Inform ~4 KB', bytes: inform4k() },
    { label: 'Inform CRLF+BOM, non-ASCII', bytes: new Uint8Array(Buffer.from(INFORM_CRLF_BOM, 'utf8')) },
    { label: 'GPV response 2,000 params', bytes: new Uint8Array(Buffer.from(gpvResponse(2000), 'utf8')) },
  ];
  const bench = new Bench({ time: 400, warmupTime: 200 });
  for (const { label, bytes } of inputs) {
    const saxPass = bareSax();
    const fast = fastPass(bytes);
    bench.add(`bare sax: ${label}`, () => saxPass(bytes));
    bench.add(`fast tokenizer: ${label}`, () => fast(bytes));
  }
  await bench.run();
  const rows: BenchRow[] = [];
  for (const { label, bytes } of inputs) {
    const saxTask = bench.getTask(`bare sax: ${label}`);
    const fastTask = bench.getTask(`fast tokenizer: ${label}`);
    if (saxTask === undefined || fastTask === undefined) throw new Error(`bench task missing for ${label}`);
    const reference = { name: saxTask.name, opsPerSec: opsPerSecond(saxTask) };
    rows.push(benchRow(reference.name, reference.opsPerSec, reference, bytes.length));
    rows.push(benchRow(fastTask.name, opsPerSecond(fastTask), reference, bytes.length));
  }
  return { name: 'XML tokenizer (bytes in, events out)', rows };
}

if (isMain(import.meta.url)) printReport(await run());
