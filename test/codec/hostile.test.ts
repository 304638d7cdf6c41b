/** Malformed and hostile bodies: each is refused with an error as data, quickly, without throwing. */
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH } from '../../src/codec/decode.js';
import { decodeError, decodeOk, envelope, fixture } from './helpers.js';

const MALFORMED = 'PRV_ERR_CODEC_XML_MALFORMED';
const NOT_CWMP = 'PRV_ERR_CODEC_NOT_CWMP';
const XML_LIMIT = 'PRV_ERR_CODEC_XML_LIMIT';

describe('malformed XML', () => {
  it('answers XML_MALFORMED for garbage', () => {
    expect(decodeError('this is not XML').code).toBe(MALFORMED);
  });

  it('answers XML_MALFORMED with the position of the fault', () => {
    expect(decodeError(envelope('\n<cwmp:X></cwmp:Y>')).message).toMatch(/\(byte \d+\)$/);
  });

  it('answers XML_MALFORMED for a truncated envelope', () => {
    const body = fixture('inform-cwmp-1-0-igd.xml').toString();
    expect(decodeError(body.slice(0, body.length / 2)).code).toBe(MALFORMED);
  });

  it('refuses every truncation of an Inform, cut at each byte', () => {
    const bytes = fixture('inform-cwmp-1-2-soapenv.xml');
    const end = bytes.lastIndexOf('>') + 1;
    for (let n = 0; n < end; n++) {
      const error = decodeError(bytes.subarray(0, n));
      expect([MALFORMED, NOT_CWMP], `cut at byte ${n}`).toContain(error.code);
    }
  });

  it('answers XML_MALFORMED for a second root element', () => {
    expect(decodeError(`${fixture('inform-response.xml').toString()}<again/>`).code).toBe(MALFORMED);
  });

  it('answers XML_MALFORMED for an HTML entity', () => {
    expect(decodeError(envelope('<cwmp:X>&nbsp;</cwmp:X>')).code).toBe(MALFORMED);
  });

  it('answers XML_MALFORMED for a reference to an entity no one declared', () => {
    expect(decodeError(envelope('<cwmp:X>&xxe;</cwmp:X>')).code).toBe(MALFORMED);
  });

  // The limit is now the tokenizer's maxValueLength (MAX_VALUE_CHARS), refused as NOT_CWMP (400).
  it('answers XML_LIMIT for an attribute longer than 64 KiB', () => {
    const error = decodeError(envelope(`<cwmp:X a="${'x'.repeat(100_000)}"/>`));
    expect(error.code).toBe(XML_LIMIT);
  });

  it('answers XML_LIMIT for a text value longer than 64 KiB', () => {
    expect(decodeError(envelope(`<cwmp:X>${'x'.repeat(100_000)}</cwmp:X>`)).code).toBe(XML_LIMIT);
  });
});

describe('hostile XML', () => {
  it('answers NOT_CWMP for a billion-laughs DOCTYPE without expanding it', () => {
    const lol = '<!ENTITY lol "lol">' + Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('');
    const body = `<?xml version="1.0"?><!DOCTYPE lolz [${lol}]><lolz>&lol9;</lolz>`;
    const started = performance.now();
    const error = decodeError(body);
    expect(error.code).toBe(NOT_CWMP);
    expect(error.message).toContain('DOCTYPE');
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('answers NOT_CWMP for a DOCTYPE naming an external entity', () => {
    const body = `<!DOCTYPE e [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${envelope('<cwmp:X>&xxe;</cwmp:X>')}`;
    expect(decodeError(body).code).toBe(NOT_CWMP);
  });

  it(`answers XML_LIMIT for elements nested deeper than ${MAX_DEPTH}`, () => {
    const depth = 100_000;
    const error = decodeError(envelope(`${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`));
    expect(error.code).toBe(XML_LIMIT);
    expect(error.message).toContain(`deeper than ${MAX_DEPTH}`);
  });

  it(`accepts nesting up to ${MAX_DEPTH} levels`, () => {
    // Envelope, Body and the method take 3 levels; the rest is an ignored vendor argument.
    const inner = MAX_DEPTH - 3;
    const body = envelope(`<cwmp:X_Vendor>${'<a>'.repeat(inner)}${'</a>'.repeat(inner)}</cwmp:X_Vendor>`);
    expect(decodeOk(body).message).toEqual({ kind: 'Unknown', method: 'X_Vendor' });
  });
});
