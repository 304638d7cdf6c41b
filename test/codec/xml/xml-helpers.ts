/**
 * Shared helpers of the tokenizer tests: a sink that records events as plain data (adjacent text
 * merged, since tokenizers may cut text anywhere), run modes (whole body, byte by byte, split at a
 * position) and a seeded random generator for the fuzz test.
 */
import { readFileSync } from 'node:fs';
import { createNameTable } from '../../../src/codec/xml/name-table.js';
import { DEFAULT_XML_LIMITS, XmlTokenizerError, type XmlAttribute, type XmlLimits, type XmlSink, type XmlTokenizer } from '../../../src/codec/xml/xml-events.js';

/** Names the CWMP decoders care about, enough to exercise the table. */
export const NAMES = createNameTable([
  'Envelope', 'Header', 'Body', 'Fault', 'ID', 'Inform', 'DeviceId', 'Manufacturer', 'OUI', 'ProductClass', 'SerialNumber',
  'Event', 'EventStruct', 'EventCode', 'CommandKey', 'MaxEnvelopes', 'CurrentTime', 'RetryCount', 'ParameterList',
  'ParameterValueStruct', 'Name', 'Value', 'GetParameterValuesResponse', 'string',
]);

export type Outcome = { events: string[] } | { error: string };

/** Records events as strings: `<p:l#id a=v>`, `"text"`, `</p:l#id>`. */
export class RecordingSink implements XmlSink {
  readonly events: string[] = [];
  private pending = '';

  startElement(prefix: string, local: string, nameId: number, attributes: readonly XmlAttribute[]): void {
    this.flush();
    const attrs = attributes.map((a) => ` ${a.prefix}|${a.local}=${JSON.stringify(a.value)}`).join('');
    this.events.push(`<${prefix}|${local}#${nameId}${attrs}>`);
  }

  text(value: string): void {
    if (value.length === 0) throw new Error('empty text event');
    this.pending += value;
  }

  endElement(prefix: string, local: string, nameId: number): void {
    this.flush();
    this.events.push(`</${prefix}|${local}#${nameId}>`);
  }

  flush(): void {
    if (this.pending !== '') this.events.push(JSON.stringify(this.pending));
    this.pending = '';
  }
}

export type Mode = { kind: 'whole' } | { kind: 'bytes' } | { kind: 'split'; at: number[] };

/** The events of `body` through `tokenizer`, or the kind of the XmlTokenizerError it threw. */
export function outcome(tokenizer: XmlTokenizer, body: Uint8Array, mode: Mode = { kind: 'whole' }, limits: XmlLimits = DEFAULT_XML_LIMITS): Outcome {
  const sink = new RecordingSink();
  try {
    if (mode.kind === 'whole') {
      tokenizer.tokenize(body, sink, NAMES, limits);
    } else {
      const stream = tokenizer.stream(sink, NAMES, limits);
      const cuts = mode.kind === 'bytes' ? Array.from({ length: body.length }, (_, i) => i + 1) : [...mode.at, body.length];
      let from = 0;
      for (const to of cuts) {
        stream.write(body.subarray(from, to));
        from = to;
      }
      stream.end();
    }
  } catch (err) {
    if (err instanceof XmlTokenizerError) return { error: err.kind };
    throw err;
  }
  sink.flush();
  return { events: sink.events };
}

export function bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
}

/** Mulberry32: small, fast and seeded, so that a failing mutation can be replayed. */
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
