import { describe, expect, it } from 'vitest';
import { fastTokenizer } from '../../../src/codec/xml/fast-tokenizer.js';
import { saxTokenizer } from '../../../src/codec/xml/sax-tokenizer.js';
import { tokenizerByName } from '../../../src/codec/xml/index.js';
import { DEFAULT_XML_LIMITS, XmlTokenizerError, type XmlLimits } from '../../../src/codec/xml/xml-events.js';
import { bytes, NAMES, outcome, RecordingSink } from './xml-helpers.js';

const ENVELOPE_ID = NAMES.idOf('Envelope');
const VALUE_ID = NAMES.idOf('Value');

describe.each([fastTokenizer, saxTokenizer])('$name tokenizer', (tokenizer) => {
  const events = (xml: string, limits?: XmlLimits): string[] => {
    const result = outcome(tokenizer, bytes(xml), { kind: 'whole' }, limits);
    if ('error' in result) throw new Error(`unexpected ${result.error} error`);
    return result.events;
  };
  const errorOf = (xml: string | Uint8Array, limits?: XmlLimits): string | undefined => {
    const result = outcome(tokenizer, typeof xml === 'string' ? bytes(xml) : xml, { kind: 'whole' }, limits);
    return 'error' in result ? result.error : undefined;
  };

  it('gives prefix, local name and table id of elements', () => {
    expect(events('<soap:Envelope><Value/><x:Other></x:Other></soap:Envelope>')).toEqual([
      `<soap|Envelope#${ENVELOPE_ID}>`,
      `<|Value#${VALUE_ID}>`,
      `</|Value#${VALUE_ID}>`,
      '<x|Other#-1>',
      '</x|Other#-1>',
      `</soap|Envelope#${ENVELOPE_ID}>`,
    ]);
  });

  it('gives attributes and namespace declarations as plain attributes, values decoded', () => {
    expect(events(`<a xmlns="urn:x" xmlns:c='urn:c' c:type = "x&amp;y&#65;&#x42;" b="&lt;&gt;&quot;&apos;"/>`)).toEqual([
      '<|a#-1 |xmlns="urn:x" xmlns|c="urn:c" c|type="x&yAB" |b="<>\\"\'">',
      '</|a#-1>',
    ]);
  });

  it('decodes the five entities and character references in text', () => {
    expect(events('<a>&lt;b&gt; &amp; &quot;q&quot; &apos;s&apos; &#233;&#x1F600;</a>')).toEqual(['<|a#-1>', '"<b> & \\"q\\" \'s\' é😀"', '</|a#-1>']);
  });

  it('takes CDATA sections as text, markup inside them included', () => {
    expect(events('<a>x<![CDATA[<b> & ]]]>y</a>')).toEqual(['<|a#-1>', '"x<b> & ]y"', '</|a#-1>']);
  });

  it('skips comments and processing instructions anywhere', () => {
    expect(events('<?xml version="1.0"?><!-- c --><a>1<!-- - -->2<?pi x?>3</a><!-- after --><?pi?>')).toEqual(['<|a#-1>', '"123"', '</|a#-1>']);
  });

  it('keeps CRLF, non-ASCII text and whitespace as written', () => {
    expect(events('<a>\r\n  Schröder €\t</a>')).toEqual(['<|a#-1>', '"\\r\\n  Schröder €\\t"', '</|a#-1>']);
  });

  it('skips one byte order mark and whitespace around the root', () => {
    expect(events('\uFEFF \r\n<a/>\n ')).toEqual(['<|a#-1>', '</|a#-1>']);
  });

  it('gives no events and no error for an empty or blank body', () => {
    expect(events('')).toEqual([]);
    expect(events(' \r\n')).toEqual([]);
    expect(events('<?xml version="1.0"?><!-- nothing -->')).toEqual([]);
  });

  it('takes a bare & followed by whitespace and a > in text as written', () => {
    expect(events('<a b="x & y">Voice & fax > 2</a>')).toEqual(['<|a#-1 |b="x & y">', '"Voice & fax > 2"', '</|a#-1>']);
  });

  it('takes entities in any letter case and whitespace inside tags, as sax does', () => {
    expect(events('<a >&AMP;&#X41;< b ></b ></ a>')).toEqual(['<|a#-1>', '"&A"', '<|b#-1>', '</|b#-1>', '</|a#-1>']);
  });

  it('keeps the first of a repeated attribute', () => {
    expect(events('<a x="1" x="2"/>')).toEqual(['<|a#-1 |x="1">', '</|a#-1>']);
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE a><a/>'],
    ['a DOCTYPE with an internal subset', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
    ['a lower-case doctype', '<!doctype a><a/>'],
    ['an ENTITY declaration', '<a><!ENTITY x "y"></a>'],
  ])('refuses %s as doctype', (_what, xml) => {
    expect(errorOf(xml)).toBe('doctype');
  });

  it.each([
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['an entity without ;', '<a>&amp</a>'],
    ['a bare & before a letter', '<a>fish&chips</a>'],
    ['a reference to a non-XML character', '<a>&#0;</a>'],
    ['a malformed character reference', '<a>&#x4G;</a>'],
    ['a < in text', '<a>1 < 2</a>'],
    ['mismatched end tags', '<a><b></a></b>'],
    ['an unclosed element', '<a><b></b>'],
    ['an end tag without start tag', '<a/></a>'],
    ['a second root element', '<a/><b/>'],
    ['text outside the root', '<a/>x'],
    ['text before the root', 'x<a/>'],
    ['CDATA outside the root', '<![CDATA[x]]><a/>'],
    ['an unquoted attribute', '<a b=1/>'],
    ['an attribute without value', '<a b/>'],
    ['attributes without whitespace between', '<a b="1"c="2"/>'],
    ['-- inside a comment', '<a><!-- a -- b --></a>'],
    ['an unclosed comment', '<a><!-- a </a>'],
    ['an unknown <! declaration', '<a><!FOO></a>'],
    ['a truncated start tag', '<a><b x="1"'],
    ['a name with a character names may not hold', '<a×b/>'],
    ['a name starting with a digit', '<1a/>'],
  ])('refuses %s as malformed', (_what, xml) => {
    expect(errorOf(xml)).toBe('malformed');
  });

  it('refuses elements nested deeper than maxDepth', () => {
    const limits = { ...DEFAULT_XML_LIMITS, maxDepth: 3 };
    expect(errorOf('<a><b><c/></b></a>', limits)).toBeUndefined();
    expect(errorOf('<a><b><c><d/></c></b></a>', limits)).toBe('limit');
  });

  it('refuses more than maxElements elements', () => {
    const limits = { ...DEFAULT_XML_LIMITS, maxElements: 3 };
    expect(errorOf('<a><b/><c/></a>', limits)).toBeUndefined();
    expect(errorOf('<a><b/><c/><d/></a>', limits)).toBe('limit');
  });

  it('refuses text, CDATA and attribute values longer than maxValueLength', () => {
    const limits = { ...DEFAULT_XML_LIMITS, maxValueLength: 5 };
    expect(errorOf('<a b="12345">12<!-- -->345<b/>12&amp;45</a>', limits)).toBeUndefined();
    expect(errorOf('<a>12<!-- -->3456</a>', limits)).toBe('limit');
    expect(errorOf('<a>123&amp;56</a>', limits)).toBe('limit');
    expect(errorOf('<a><![CDATA[123456]]></a>', limits)).toBe('limit');
    expect(errorOf('<a b="123456"/>', limits)).toBe('limit');
  });

  it('refuses element and attribute names longer than maxNameLength, prefix included', () => {
    const limits = { ...DEFAULT_XML_LIMITS, maxNameLength: 5 };
    expect(errorOf('<ab:cd ef:gh="1"/>', limits)).toBeUndefined();
    expect(errorOf('<ab:cde/>', limits)).toBe('limit');
    expect(errorOf('<a abc:de="1"/>', limits)).toBe('limit');
  });

  it('throws only XmlTokenizerError, with a message and an offset', () => {
    let caught: unknown;
    try {
      tokenizer.tokenize(bytes('<a>&bogus;</a>'), new RecordingSink(), NAMES, DEFAULT_XML_LIMITS);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(XmlTokenizerError);
    expect((caught as XmlTokenizerError).message).not.toBe('');
    expect((caught as XmlTokenizerError).offset).toBeGreaterThanOrEqual(0);
  });

  it('reads a Buffer that views the middle of a larger allocation', () => {
    const whole = Buffer.from('junk<a b="1">é & x</a>junk');
    const pooled = whole.subarray(4, whole.length - 4);
    expect(outcome(tokenizer, pooled)).toEqual({ events: ['<|a#-1 |b="1">', '"é & x"', '</|a#-1>'] });
  });

  it('is found by its name', () => {
    expect(tokenizerByName(tokenizer.name)).toBe(tokenizer);
  });
});

describe('fast tokenizer', () => {
  it('gives the byte offset of the problem', () => {
    expect(() => fastTokenizer.tokenize(bytes('<a>ok &bogus;</a>'), new RecordingSink(), NAMES, DEFAULT_XML_LIMITS)).toThrow(
      expect.objectContaining({ kind: 'malformed', offset: 6 }),
    );
  });

  it('lets an error thrown by the sink through unchanged', () => {
    const sink = new RecordingSink();
    sink.startElement = () => {
      throw new RangeError('decoder says no');
    };
    expect(() => fastTokenizer.tokenize(bytes('<a/>'), sink, NAMES, DEFAULT_XML_LIMITS)).toThrow(RangeError);
    // The shared scanner is usable again afterwards.
    expect(outcome(fastTokenizer, bytes('<b>1</b>'))).toEqual({ events: ['<|b#-1>', '"1"', '</|b#-1>'] });
  });
});

describe('fast tokenizer attribute memory', () => {
  const whole = (body: Uint8Array, limits: XmlLimits = DEFAULT_XML_LIMITS): string[] | string => {
    const result = outcome(fastTokenizer, body, { kind: 'whole' }, limits);
    return 'error' in result ? result.error : result.events;
  };

  it('reads a body again after its bytes were overwritten in place', () => {
    const body = Buffer.from('<a xsi:type="xsd:string" n="1"><b xsi:type="xsd:string"/></a>');
    expect(whole(body)).toEqual(['<|a#-1 xsi|type="xsd:string" |n="1">', '<|b#-1 xsi|type="xsd:string">', '</|b#-1>', '</|a#-1>']);
    body.write('<a xsi:type="xsd:strinG" n="2"><b xsi:type="xsd:strinG"/></a>', 'latin1');
    expect(whole(body)).toEqual(['<|a#-1 xsi|type="xsd:strinG" |n="2">', '<|b#-1 xsi|type="xsd:strinG">', '</|b#-1>', '</|a#-1>']);
  });

  it('keeps the first of a repeated attribute when both are remembered', () => {
    const xml = '<a x="1"><b x="1" x="2" x="1"/></a>';
    expect(whole(bytes(xml))).toEqual(['<|a#-1 |x="1">', '<|b#-1 |x="1">', '</|b#-1>', '</|a#-1>']);
    expect(whole(bytes('<a x="2" x="1"/>'))).toEqual(['<|a#-1 |x="2">', '</|a#-1>']);
  });

  it('checks a remembered attribute against the limits of the body at hand', () => {
    const body = bytes('<a v="0123456789"/>');
    expect(whole(body)).toEqual(['<|a#-1 |v="0123456789">', '</|a#-1>']);
    expect(whole(body, { ...DEFAULT_XML_LIMITS, maxValueLength: 5 })).toBe('limit');
  });

  it('does not keep a streamed chunk that the caller reuses', () => {
    const sink = new RecordingSink();
    const stream = fastTokenizer.stream(sink, NAMES, DEFAULT_XML_LIMITS);
    const chunk = Buffer.from('<a><b t="xsd:int"/>');
    stream.write(chunk);
    chunk.write('<b t="xsd:inX"/>', 'latin1');
    stream.write(chunk.subarray(0, 16));
    stream.write(Buffer.from('<b t="xsd:int"/></a>'));
    stream.end();
    expect(sink.events).toEqual(['<|a#-1>', '<|b#-1 |t="xsd:int">', '</|b#-1>', '<|b#-1 |t="xsd:inX">', '</|b#-1>', '<|b#-1 |t="xsd:int">', '</|b#-1>', '</|a#-1>']);
  });
});
