/**
 * Byte-level helpers of the fast tokenizer: character classes, name validation, references and a
 * small cache of name strings. The rules follow what the `sax` reference accepts in strict mode
 * (see fast-tokenizer.ts for the list), so that both tokenizers classify every body the same way.
 */
import { Buffer } from 'node:buffer';
import { XmlTokenizerError } from './xml-events.js';

export const LT = 0x3c;
export const GT = 0x3e;
export const AMP = 0x26;
export const SLASH = 0x2f;
export const BANG = 0x21;
export const QUESTION = 0x3f;
export const EQUALS = 0x3d;
export const SEMICOLON = 0x3b;
export const COLON = 0x3a;
export const DOUBLE_QUOTE = 0x22;
export const SINGLE_QUOTE = 0x27;
export const DASH = 0x2d;
export const RIGHT_BRACKET = 0x5d;

/** Character class bits, per byte. Bytes ≥ 0x80 count as name bytes; names holding them are checked after decoding. */
export const WS = 1;
export const NAME_START = 2;
export const NAME = 4;
export const ENTITY_START = 8;
export const ENTITY = 16;

export const CLASS: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (const b of [0x20, 0x09, 0x0a, 0x0d]) table[b] = WS;
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_:';
  for (const ch of letters) table[ch.charCodeAt(0)] = NAME_START | NAME | ENTITY_START | ENTITY;
  for (const ch of '0123456789.-') table[ch.charCodeAt(0)] = NAME | ENTITY;
  table[0x23 /* # */] = ENTITY_START | ENTITY;
  for (let b = 0x80; b < 256; b++) table[b] = NAME_START | NAME;
  return table;
})();

// XML 1.0 NameStartChar / NameChar, one UTF-16 unit at a time (no astral planes), as sax checks them.
const START_RANGES = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const INVALID_START = new RegExp(`[^${START_RANGES}]`);
const INVALID_BODY = new RegExp(`[^${START_RANGES}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040]`);

/** Length of the longest valid XML name at the start of `name` (decoded from non-ASCII bytes). */
export function validNameLength(name: string): number {
  if (name.length === 0 || INVALID_START.test(name.charAt(0))) return 0;
  const bad = INVALID_BODY.exec(name);
  return bad === null ? name.length : bad.index;
}

/** Buffer's native slicers; they exist on every Node Buffer but @types/node does not list them. */
export interface NativeSlices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** A Buffer over the same memory as `bytes`, for its native string slicers. */
export function sliceView(bytes: Uint8Array): Buffer & NativeSlices {
  const view = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view as Buffer & NativeSlices;
}

/**
 * A copy of `bytes[start, end)`. Not `bytes.slice()`: on a Buffer that is a view of the same
 * memory, which the caller may overwrite once it has handed the chunk on.
 */
export function copyBytes(bytes: Uint8Array, start?: number, end?: number): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes, start, end);
}

export function malformed(message: string, offset: number): XmlTokenizerError {
  return new XmlTokenizerError('malformed', message, offset);
}

/** Longest reference accepted between `&` and `;` (the longest valid one, `#x10FFFF`, has 8). */
export const MAX_REFERENCE_BYTES = 32;

function lower(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function namedIs(bytes: Uint8Array, start: number, end: number, name: string): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (lower(bytes[start + k] as number) !== name.charCodeAt(k)) return false;
  return true;
}

/**
 * The text of the reference `bytes[start, end)` (between `&` and `;`): one of the five predefined
 * entities (in any letter case, as sax takes them) or a decimal / hexadecimal character reference
 * to an XML character. Throws 'malformed' for anything else; `offset` is where the `&` stands.
 */
export function resolveReference(bytes: Uint8Array, start: number, end: number, offset: number): string {
  const length = end - start;
  if (bytes[start] === 0x23 /* # */) {
    let p = start + 1;
    const hex = p < end && lower(bytes[p] as number) === 0x78; /* x */
    if (hex) p++;
    if (p >= end) throw malformed('a character reference holds no digits', offset);
    let code = 0;
    for (; p < end; p++) {
      const b = lower(bytes[p] as number);
      let digit = b - 0x30;
      if (hex && b >= 0x61 && b <= 0x66) digit = b - 0x61 + 10;
      else if (digit < 0 || digit > 9) digit = 99;
      if (digit >= (hex ? 16 : 10)) throw malformed('a character reference holds a character that is not a digit', offset);
      code = Math.min(code * (hex ? 16 : 10) + digit, 0x110000);
    }
    if (!isXmlChar(code)) throw malformed(`character reference &#${code}; is not an XML character`, offset);
    return String.fromCodePoint(code);
  }
  if (length === 2 && namedIs(bytes, start, end, 'lt')) return '<';
  if (length === 2 && namedIs(bytes, start, end, 'gt')) return '>';
  if (length === 3 && namedIs(bytes, start, end, 'amp')) return '&';
  if (length === 4 && namedIs(bytes, start, end, 'quot')) return '"';
  if (length === 4 && namedIs(bytes, start, end, 'apos')) return "'";
  throw malformed('unknown entity: only &amp; &lt; &gt; &quot; &apos; and character references are allowed', offset);
}

/**
 * Whether `bytes[start, end)` begins with `keyword` (ASCII letters in any case): 1 when it does,
 * 0 when the bytes run out while still matching, -1 when it cannot.
 */
export function matchKeyword(bytes: Uint8Array, start: number, end: number, keyword: string): number {
  for (let k = 0; k < keyword.length; k++) {
    if (start + k >= end) return 0;
    if (lower(bytes[start + k] as number) !== lower(keyword.charCodeAt(k))) return -1;
  }
  return 1;
}

/**
 * Where streamed text may be cut so that decoding both sides apart gives the same characters as
 * decoding them together: never right after a UTF-8 sequence that could still be completed.
 */
export function safeTextEnd(bytes: Uint8Array, start: number, end: number): number {
  const floor = Math.max(start, end - 4);
  let q = end - 1;
  while (q >= floor && ((bytes[q] as number) & 0xc0) === 0x80) q--;
  if (q < floor) return end;
  // bytes[q] starts a sequence (or is ASCII, which ends any): cut before a lead byte, after ASCII.
  return (bytes[q] as number) < 0x80 ? q + 1 : q;
}

const CACHE_SLOTS = 256;

/**
 * Strings of names seen recently (prefixes, element names not in the table, attribute names), so
 * that a repeated one costs a compare instead of a new string. Keys live in one flat buffer, so a miss allocates only the string.
 */
export class ShortStringCache {
  private readonly keyBytes: Uint8Array;
  private readonly lengths = new Int32Array(CACHE_SLOTS).fill(-1);
  private readonly values: string[] = new Array<string>(CACHE_SLOTS).fill('');

  constructor(
    /** Longest byte string kept; longer ones are decoded every time. */
    readonly maxBytes: number,
  ) {
    this.keyBytes = new Uint8Array(CACHE_SLOTS * maxBytes);
  }

  /** The string of `bytes[start, end)`, whose FNV-1a hash is `hash`; decoded by `view` on a miss. */
  get(view: NativeSlices, bytes: Uint8Array, start: number, end: number, hash: number, ascii: boolean): string {
    const length = end - start;
    if (length > this.maxBytes) return ascii ? view.latin1Slice(start, end) : view.utf8Slice(start, end);
    const slot = (hash ^ (hash >>> 16)) & (CACHE_SLOTS - 1);
    const keys = this.keyBytes;
    const at = slot * this.maxBytes;
    if (this.lengths[slot] === length) {
      let k = 0;
      while (k < length && keys[at + k] === bytes[start + k]) k++;
      if (k === length) return this.values[slot] as string;
    }
    const value = ascii ? view.latin1Slice(start, end) : view.utf8Slice(start, end);
    for (let k = 0; k < length; k++) keys[at + k] = bytes[start + k] as number;
    this.lengths[slot] = length;
    this.values[slot] = value;
    return value;
  }

}
