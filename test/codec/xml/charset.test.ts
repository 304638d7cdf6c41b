import { describe, expect, it } from 'vitest';
import { charsetOf, declaredEncoding, prepareBody } from '../../../src/codec/xml/charset.js';
import { fastTokenizer } from '../../../src/codec/xml/fast-tokenizer.js';
import { saxTokenizer } from '../../../src/codec/xml/sax-tokenizer.js';
import { XmlTokenizerError } from '../../../src/codec/xml/xml-events.js';
import { bytes, outcome } from './xml-helpers.js';

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

describe('prepareBody', () => {
  it('returns a UTF-8 body as it is', () => {
    const body = bytes('<a>é</a>');
    expect(prepareBody(body)).toBe(body);
    expect(prepareBody(body, 'utf-8')).toBe(body);
  });

  it('cuts a UTF-8 byte order mark off', () => {
    expect(text(prepareBody(bytes('\uFEFF<a/>')))).toBe('<a/>');
  });

  it('transcodes a body declared ISO-8859-1 in its XML declaration', () => {
    const body = new Uint8Array(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>Schr\u00f6der</a>', 'latin1'));
    expect(text(prepareBody(body))).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><a>Schröder</a>');
  });

  it('transcodes a body declared ISO-8859-1 in Content-Type, which wins over the declaration', () => {
    const body = new Uint8Array(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><a>\u00e9 \u0080</a>', 'latin1'));
    // 0x80 is read as windows-1252's euro sign, as browsers read ISO-8859-1.
    expect(text(prepareBody(body, '"iso-8859-1"'))).toContain('<a>é €</a>');
  });

  it('returns a single-byte body that is pure ASCII without copying', () => {
    const body = bytes('<?xml version="1.0" encoding="ISO-8859-1"?><a/>');
    expect(prepareBody(body)).toBe(body);
  });

  it('transcodes UTF-16 with a byte order mark', () => {
    const body = new Uint8Array([0xff, 0xfe, ...Buffer.from('<a>é</a>', 'utf16le')]);
    expect(text(prepareBody(body))).toBe('<a>é</a>');
  });

  it('refuses a charset it does not read with a charset error', () => {
    expect(() => prepareBody(bytes('<a/>'), 'EBCDIC-US')).toThrow(expect.objectContaining({ kind: 'charset' }));
    expect(() => prepareBody(bytes('<?xml version="1.0" encoding="koi8-r"?><a/>'))).toThrow(XmlTokenizerError);
  });

  it('reads charset labels and declarations', () => {
    expect(charsetOf(' Latin1 ')).toBe('windows-1252');
    expect(charsetOf('UTF8')).toBe('utf-8');
    expect(charsetOf('x-unknown')).toBeUndefined();
    expect(declaredEncoding(bytes("<?xml version='1.0' encoding='iso-8859-1' ?><a/>"))).toBe('iso-8859-1');
    expect(declaredEncoding(bytes('<a/>'))).toBeUndefined();
  });

  it('gives both tokenizers the same events for a transcoded ISO-8859-1 body', () => {
    const body = prepareBody(new Uint8Array(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\r\n<a b="\u00e0">\u00e9\u00e8</a>', 'latin1')));
    const fast = outcome(fastTokenizer, body);
    expect(fast).toEqual({ events: ['<|a#-1 |b="à">', '"éè"', '</|a#-1>'] });
    expect(outcome(saxTokenizer, body)).toEqual(fast);
  });
});
