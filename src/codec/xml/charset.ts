/**
 * Gets a body into UTF-8 before either tokenizer sees it. The charset is taken, in this order,
 * from a byte order mark, from the HTTP Content-Type `charset` parameter (the caller passes it;
 * RFC 7303 lets it win over the XML declaration), from the XML declaration's `encoding`, and
 * otherwise UTF-8. ISO-8859-1 is decoded as windows-1252, as browsers do (its 0x80–0x9F are C1
 * controls that no CPE means). Bodies already in UTF-8, or in a single-byte charset but pure ASCII,
 * are returned as they are (a UTF-8 BOM is cut off); others are transcoded once.
 */
import { Buffer } from 'node:buffer';
import { XmlTokenizerError } from './xml-events.js';

/** Charsets a body may come in, by label as written in headers and declarations (lower case). */
const LABELS: Readonly<Record<string, string>> = Object.freeze({
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  iso_8859_1: 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'iso-8859-15': 'iso-8859-15',
  latin9: 'iso-8859-15',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
});

/** Longest XML declaration looked at for `encoding=`. */
const DECLARATION_BYTES = 256;

/** The canonical charset for a label, or undefined when Provisio does not take it. */
export function charsetOf(label: string): string | undefined {
  const key = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  return Object.hasOwn(LABELS, key) ? LABELS[key] : undefined;
}

/** The `encoding` of an XML declaration at the start of `body`, if it has one. */
export function declaredEncoding(body: Uint8Array): string | undefined {
  // `<?xml` followed by whitespace
  if (body.length < 6 || body[0] !== 0x3c || body[1] !== 0x3f || body[2] !== 0x78 || body[3] !== 0x6d || body[4] !== 0x6c) return undefined;
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, DECLARATION_BYTES)).toString('latin1');
  const close = head.indexOf('?>');
  const declaration = close < 0 ? head : head.slice(0, close);
  return /\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(declaration)?.[1];
}

/** The XML declarations nearly every CPE sends, as bytes: a body opening with one is UTF-8 as it stands. */
const UTF8_DECLARATIONS = ['<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="utf-8"?>'].map((d) => Buffer.from(d, 'latin1'));

function startsWith(body: Uint8Array, prefix: Uint8Array): boolean {
  if (body.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (body[i] !== prefix[i]) return false;
  return true;
}

function isAscii(body: Uint8Array): boolean {
  for (let i = 0; i < body.length; i++) if ((body[i] as number) >= 0x80) return false;
  return true;
}

/** windows-1252's characters for 0x80–0x9F (the five it leaves undefined map to the C1 controls). */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** windows-1252 to UTF-8 by hand: Node 20's TextDecoder reads 'windows-1252' as plain ISO-8859-1. */
function fromWindows1252(body: Uint8Array): Uint8Array {
  let text = '';
  const CHUNK = 8192;
  const codes = new Array<number>(CHUNK);
  for (let start = 0; start < body.length; start += CHUNK) {
    const end = Math.min(body.length, start + CHUNK);
    codes.length = end - start;
    for (let i = start; i < end; i++) {
      const b = body[i] as number;
      codes[i - start] = b >= 0x80 && b < 0xa0 ? (WINDOWS_1252_HIGH[b - 0x80] as number) : b;
    }
    text += String.fromCharCode(...codes);
  }
  return Buffer.from(text, 'utf8');
}

function transcode(body: Uint8Array, charset: string): Uint8Array {
  if (charset === 'windows-1252') return fromWindows1252(body);
  return Buffer.from(new TextDecoder(charset).decode(body), 'utf8');
}

/**
 * The body in UTF-8, ready for `tokenize`. `contentTypeCharset` is the `charset` parameter of the
 * HTTP Content-Type, when there is one. Throws XmlTokenizerError 'charset' for a charset Provisio
 * does not take (UTF-8, ISO-8859-1/windows-1252, ISO-8859-15, UTF-16 and ASCII are taken).
 */
export function prepareBody(body: Uint8Array, contentTypeCharset?: string): Uint8Array {
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return body.subarray(3);
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return transcode(body.subarray(2), 'utf-16le');
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return transcode(body.subarray(2), 'utf-16be');
  const noContentType = contentTypeCharset === undefined || contentTypeCharset.trim() === '';
  if (noContentType && (startsWith(body, UTF8_DECLARATIONS[0] as Uint8Array) || startsWith(body, UTF8_DECLARATIONS[1] as Uint8Array))) return body;
  const label = noContentType ? declaredEncoding(body) : contentTypeCharset;
  if (label === undefined) return body;
  const charset = charsetOf(label);
  if (charset === undefined) {
    throw new XmlTokenizerError('charset', `the body is in charset "${label}", which Provisio does not read: send UTF-8 or ISO-8859-1`, 0);
  }
  if (charset === 'utf-8') return body;
  if (charset.startsWith('utf-16')) return transcode(body, charset);
  return isAscii(body) ? body : transcode(body, charset);
}
