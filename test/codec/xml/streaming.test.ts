import { describe, expect, it } from 'vitest';
import { fastTokenizer } from '../../../src/codec/xml/fast-tokenizer.js';
import { saxTokenizer } from '../../../src/codec/xml/sax-tokenizer.js';
import { DEFAULT_XML_LIMITS } from '../../../src/codec/xml/xml-events.js';
import { cwmpCorpus } from './xml-corpus.js';
import { bytes, outcome } from './xml-helpers.js';

/** Small bodies whose every construct a split can land in: names, entities, UTF-8, CDATA, comments, PIs, BOM. */
const TRICKY = [
  '\uFEFF<?xml version="1.0"?><s:a xmlns:s="urn:x" k=\'v&amp;w\'>é€😀 &#x1F600;&lt;<![CDATA[ ]] ]]]><!-- - ->x--><?p ??? ?>&amp; z</s:a>',
  '<a><b  c = "1" ></b ><c/>\r\n<d>& fax</d></a>',
  '<a>x<!---->y<![CDATA[]]>z</a>',
  '<a>\n  <b>1</b>\n\t<c>\r\n  </c>\n    \n</a>',
];
const LIMITS_SMALL = { ...DEFAULT_XML_LIMITS, maxValueLength: 8 };

describe.each([fastTokenizer, saxTokenizer])('$name tokenizer, streamed', (tokenizer) => {
  const bodies = [...cwmpCorpus(), ...TRICKY.map((xml, i) => ({ name: `tricky ${i}`, body: bytes(xml) }))];

  it.each(bodies)('gives the same events for $name whole and byte by byte', ({ body }) => {
    const whole = outcome(tokenizer, body);
    expect(whole).toHaveProperty('events');
    expect(outcome(tokenizer, body, { kind: 'bytes' })).toEqual(whole);
  });

  it.each(bodies.filter((b) => b.body.length < 2500))('gives the same events for $name split at every position', ({ body }) => {
    const whole = outcome(tokenizer, body);
    for (let at = 0; at <= body.length; at++) expect(outcome(tokenizer, body, { kind: 'split', at: [at] }), `split at ${at}`).toEqual(whole);
  });

  it.each(TRICKY)('gives the same error or events split in three anywhere (%#)', (xml) => {
    const body = bytes(xml.slice(0, -3));
    const whole = outcome(tokenizer, body, { kind: 'whole' }, LIMITS_SMALL);
    for (let at = 0; at <= body.length; at += 3) {
      for (let to = at; to <= body.length; to += 5) {
        expect(outcome(tokenizer, body, { kind: 'split', at: [at, to] }, LIMITS_SMALL)).toEqual(whole);
      }
    }
  });

  it('refuses a stream that ends inside an element', () => {
    expect(outcome(tokenizer, bytes('<a><b>'), { kind: 'bytes' })).toEqual({ error: 'malformed' });
    expect(outcome(tokenizer, bytes('<a>&amp'), { kind: 'bytes' })).toEqual({ error: 'malformed' });
  });
});

describe('fast tokenizer, streamed', () => {
  it('takes a long comment, CDATA section and attribute value byte by byte in linear time', () => {
    const long = 'x'.repeat(200_000);
    const body = bytes(`<a b="${long}"><!--${long}--><![CDATA[${long}]]></a>`);
    const started = performance.now();
    const result = outcome(fastTokenizer, body, { kind: 'bytes' });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result).toEqual(outcome(fastTokenizer, body));
  });

  it('does not keep the caller\'s chunk: names of open elements are copied out', () => {
    const events: string[] = [];
    const stream = fastTokenizer.stream(
      { startElement: (_p, l) => events.push(`<${l}>`), text: (t) => events.push(t), endElement: (_p, l) => events.push(`</${l}>`) },
      { names: [], idOf: () => -1 },
      DEFAULT_XML_LIMITS,
    );
    const chunk = bytes('<abc>1');
    stream.write(chunk);
    chunk.fill(0x7a); // the caller reuses its buffer
    stream.write(bytes('</abc>'));
    stream.end();
    expect(events).toEqual(['<abc>', '1', '</abc>']);
  });
});
