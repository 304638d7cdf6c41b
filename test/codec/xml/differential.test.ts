import { describe, expect, it } from 'vitest';
import { fastTokenizer } from '../../../src/codec/xml/fast-tokenizer.js';
import { saxTokenizer } from '../../../src/codec/xml/sax-tokenizer.js';
import { cwmpCorpus } from './xml-corpus.js';
import { bytes, outcome } from './xml-helpers.js';
import { fuzz } from './xml-mutations.js';

/** Bodies that are wrong in ways CPEs and attackers are: both tokenizers must refuse them alike. */
const HOSTILE = [
  '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>',
  '<a><!ENTITY x SYSTEM "file:///etc/passwd"></a>',
  '<?xml version="1.0"?><!DOCTYPE a SYSTEM "http://evil/">',
  '<a>&constructor;</a>',
  '<a>&__proto__;</a>',
  '<a b="&toString;"/>',
  '<a>&#xD800;</a>',
  '<a>&#1114112;</a>',
  '<a><b></b></a><c/>',
  '<a></a>trailing',
  '<a>\u0000</a>',
  '<a:b:c/>',
  '< a/>',
  '<a><![CDATA[x]]</a>',
  '<a><!-- x --->',
];

describe('fast and sax tokenizers', () => {
  it.each(cwmpCorpus())('give the same events for $name', ({ body }) => {
    const fast = outcome(fastTokenizer, body);
    expect(fast).toHaveProperty('events');
    expect(outcome(saxTokenizer, body)).toEqual(fast);
  });

  it.each(HOSTILE)('give the same outcome for %j', (xml) => {
    expect(outcome(fastTokenizer, bytes(xml))).toEqual(outcome(saxTokenizer, bytes(xml)));
  });

  it('agree on 50,000 mutations of the CWMP fixtures (seed 20261125)', async () => {
    const bodies = cwmpCorpus()
      .filter((b) => b.body.length < 2500)
      .map((b) => b.body);
    const report = await fuzz(bodies, 20261125, 50_000);
    expect(report.mismatches).toEqual([]);
    // The mutations must reach both valid bodies and every kind of refusal.
    expect(report.outcomes['events']).toBeGreaterThan(1000);
    expect(report.outcomes['{"error":"malformed"}']).toBeGreaterThan(1000);
    expect(report.outcomes['{"error":"limit"}']).toBeGreaterThan(1000);
  }, 60_000);
});
