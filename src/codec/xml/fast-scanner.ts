/**
 * The scanner of the fast tokenizer (fast-tokenizer.ts): UTF-8 bytes in, events out, for exactly
 * the XML that CWMP needs. It scans with indexes, finds element names in the codegen table by their
 * bytes (no string for a known name), caches prefix and attribute-name strings, and makes strings
 * only for text and attribute values (ASCII ones as substrings of a latin1 window of the body).
 *
 * It accepts what the `sax` reference (strict) accepts, so that both classify every body alike:
 * - a bare `&` followed by whitespace is a literal `&`; `>` and `]]>` in text, `<` in attribute
 *   values, whitespace after `<` / `</` and the five entities in any letter case (`&AMP;`) pass;
 * - line ends and attribute whitespace are passed through as written (no CRLF normalisation);
 * - comments and processing instructions are skipped anywhere; text outside the root element must
 *   be whitespace; a second root element, CDATA outside the root and any `<!…>` other than a comment
 *   or CDATA are refused (`<!DOCTYPE` and `<!ENTITY` as 'doctype');
 * - a repeated attribute keeps its first value; a body without any element gives no events.
 * Limits: a name is counted in UTF-16 units with its prefix; a text run (the characters between
 * two element tags, comments and PIs included, CDATA sections counted on their own) and each
 * attribute value are held to maxValueLength.
 */
import { Buffer } from 'node:buffer';
import * as names from './name-table.js';
import * as xb from './xml-bytes.js';
import { XmlTokenizerError, type NameTable, type XmlAttribute, type XmlLimits, type XmlSink } from './xml-events.js';

// Imported bindings can reach the hot loops through getters (tsx and vitest compile modules to
// CommonJS-style exports), so the constants and helpers are bound to locals once.
const { hashNameBytes, byteNameTable } = names;
const { AMP, BANG, CLASS, COLON, DASH, DOUBLE_QUOTE, ENTITY, ENTITY_START, EQUALS, GT, LT, NAME, NAME_START, QUESTION, RIGHT_BRACKET } = xb;
const { SEMICOLON, SINGLE_QUOTE, SLASH, WS, MAX_REFERENCE_BYTES, ShortStringCache } = xb;
const { copyBytes, matchKeyword, resolveReference, safeTextEnd, sliceView, validNameLength } = xb;

const EMPTY_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);
export const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_VIEW = sliceView(EMPTY_BYTES);
const NO_SINK: XmlSink = Object.freeze({ startElement() {}, text() {}, endElement() {} });

/** Bytes read as latin1 at a time; see Scanner.latin1. */
const LATIN1_WINDOW = 16 * 1024;
const INDENT_MAX = 64;
const INDENT_LF = Array.from({ length: INDENT_MAX }, (_, n) => `\n${' '.repeat(n)}`);
const INDENT_CRLF = Array.from({ length: INDENT_MAX }, (_, n) => `\r\n${' '.repeat(n)}`);

/** Attributes remembered whole (see Scanner.cachedAttribute), and the longest one remembered, in bytes. */
const ATTRIBUTE_CACHE = 16;
const ATTRIBUTE_CACHE_BYTES = 64;

/** Returned by the markup scanners when the bytes end before the token does. */
const INCOMPLETE = -1;

/** One body's tokenizing state; whole bodies reuse one, streams own theirs. Not re-entrant. */
export class Scanner {
  private sink!: XmlSink;
  private table!: names.ByteNameTable;
  private limits!: XmlLimits;
  private readonly cache = new ShortStringCache(64);
  private view = EMPTY_VIEW;
  /**
   * A window of the buffer (`latin1Start` to `latin1End`, up to LATIN1_WINDOW bytes) read as
   * latin1, one character per byte: an ASCII run inside it is a substring, far cheaper than a
   * native decode per value. Substrings of 13 characters and more share the window's memory, so
   * decoded values keep up to one window of the body's text alive as long as they live.
   */
  private latin1 = '';
  private latin1Start = 0;
  private latin1End = 0;
  /** Offset in the body of the current buffer's first byte, for error offsets. */
  base = 0;

  private depth = 0;
  private elements = 0;
  private rootClosed = false;
  /** Characters of the current text run given to the sink so far. */
  private runLength = 0;

  /**
   * Qualified name of the open element at each depth, as `nameBufs[d][nameStarts[d], nameEnds[d])`:
   * in the body itself while it is being scanned, copied out by `detach` before a stream lets go
   * of a chunk.
   */
  private readonly nameBufs: Uint8Array[] = [];
  private readonly nameStarts: number[] = [];
  private readonly nameEnds: number[] = [];
  /** The name last opened at each depth, the same way (see sameAsSibling); only within one buffer. */
  private readonly siblingBufs: Uint8Array[] = [];
  private readonly siblingStarts: number[] = [];
  private readonly siblingEnds: number[] = [];
  private readonly siblingPrefixes: string[] = [];
  private readonly siblingLocals: string[] = [];
  private readonly siblingIds: number[] = [];
  /** The name opened at each depth before the last different one (Name, Value, Name…), the same way. */
  private readonly olderBufs: Uint8Array[] = [];
  private readonly olderStarts: number[] = [];
  private readonly olderEnds: number[] = [];
  private readonly olderPrefixes: string[] = [];
  private readonly olderLocals: string[] = [];
  private readonly olderIds: number[] = [];
  private readonly prefixes: string[] = [];
  private readonly locals: string[] = [];
  private readonly ids: number[] = [];

  // Results of scanName / resolveName / reference, in fields so that the hot path allocates nothing.
  private colon = -1;
  private high = 0;
  private localHash = 0;
  private prefixHash = 0;
  private prefix = '';
  private local = '';
  private nameId = -1;
  private referenceText = '';
  private valueText = '';

  /**
   * Attributes seen lately, by their bytes as written (name to closing quote): the same bytes read
   * the same way, so a repeat (`xsi:type="xsd:string"` on every Value) is one compare and the same
   * frozen attribute object. Cleared when the limits change, since they decided what was kept.
   */
  private readonly attributeBytes: Uint8Array[] = [];
  private readonly attributeObjects: XmlAttribute[] = [];
  private attributeNext = 0;
  /** The slot of the last cache hit, tried first. */
  private attributeLastHit = 0;
  private attributeLimits: XmlLimits | undefined;
  private cachedHit: XmlAttribute | undefined;

  reset(sink: XmlSink, names: NameTable, limits: XmlLimits): this {
    this.sink = sink;
    this.table = byteNameTable(names);
    this.limits = limits;
    if (this.attributeLimits !== limits) {
      this.attributeBytes.length = this.attributeObjects.length = this.attributeNext = this.attributeLastHit = 0;
      this.attributeLimits = limits;
    }
    this.base = this.depth = this.elements = this.runLength = 0;
    this.rootClosed = false;
    this.pendingAttribute = undefined;
    this.siblingBufs.length = 0;
    this.olderBufs.length = 0;
    return this;
  }

  /** Lets go of the last body (its bytes, text window and sink): an idle scanner keeps only its small caches of names and attributes. */
  release(): void {
    this.view = EMPTY_VIEW;
    this.latin1 = '';
    this.latin1Start = this.latin1End = 0;
    this.nameBufs.length = 0;
    this.siblingBufs.length = 0;
    this.olderBufs.length = 0;
    this.sink = NO_SINK;
  }

  private fail(kind: 'malformed' | 'limit' | 'doctype', message: string, at: number): never {
    throw new XmlTokenizerError(kind, message, this.base + at);
  }

  /**
   * Tokenizes `buf[start, end)` and returns where it stopped: `end`, or when not `final`, the start
   * of a token that the bytes do not yet complete (the caller keeps those bytes for the next call).
   */
  scan(buf: Uint8Array, start: number, end: number, final: boolean): number {
    this.view = sliceView(buf);
    this.latin1 = '';
    this.latin1Start = this.latin1End = 0;
    let i = start;
    while (i < end) {
      const b = buf[i] as number;
      if (b === LT) {
        const next = this.markup(buf, i, end);
        if (next === INCOMPLETE) {
          if (final) this.fail('malformed', 'the body ends inside a tag, comment, CDATA section or processing instruction', i);
          return i;
        }
        i = next;
      } else if (this.depth > 0) {
        const next = this.text(buf, i, end, final);
        // Stopped short of '<': an unfinished reference, or (streaming) an unfinished UTF-8 sequence.
        if (next < end && buf[next] !== LT) {
          if (final) this.fail('malformed', 'the body ends inside an entity or character reference', next);
          return next;
        }
        i = next;
      } else if ((CLASS[b] as number) & WS) {
        i++;
      } else {
        this.fail('malformed', 'text outside the root element', i);
      }
    }
    return i;
  }

  /** The body is complete. */
  finish(at: number): void {
    if (this.depth > 0) this.fail('malformed', `the body ends with <${this.qname(this.depth - 1)}> still open`, at);
  }

  private qname(depth: number): string {
    const prefix = this.prefixes[depth] ?? '';
    return prefix === '' ? (this.locals[depth] ?? '') : `${prefix}:${this.locals[depth] ?? ''}`;
  }

  // ---- text ----

  private decode(buf: Uint8Array, start: number, end: number, high: number): string {
    if (high >= 0x80) return this.view.utf8Slice(start, end);
    if (start < this.latin1Start || end > this.latin1End) {
      if (end - start > LATIN1_WINDOW / 4) return this.view.latin1Slice(start, end);
      this.latin1Start = start;
      this.latin1End = Math.min(buf.length, start + LATIN1_WINDOW);
      this.latin1 = this.view.latin1Slice(start, this.latin1End);
    }
    return this.latin1.substring(start - this.latin1Start, end - this.latin1Start);
  }

  private emitText(text: string, at: number): void {
    if (text.length === 0) return;
    this.runLength += text.length;
    if (this.runLength > this.limits.maxValueLength) this.fail('limit', `a text value is longer than ${this.limits.maxValueLength} characters`, at);
    this.sink.text(text);
  }

  /**
   * Indentation between tags (a line end and spaces, then `<`), a third of a pretty-printed
   * envelope's bytes: matched once and answered with a ready string. Returns where the `<` is, or
   * -1 when the text at `i` is something else.
   */
  private indentation(buf: Uint8Array, i: number, end: number): number {
    let k = i;
    if (buf[k] === 0x0d) k++;
    if (k >= end || buf[k] !== 0x0a) return -1;
    const crlf = k > i;
    k++;
    const spaces = k;
    while (k < end && buf[k] === 0x20) k++;
    if (k >= end || buf[k] !== LT || k - spaces >= INDENT_MAX) return -1;
    this.emitText((crlf ? INDENT_CRLF : INDENT_LF)[k - spaces] as string, k);
    return k;
  }

  private text(buf: Uint8Array, i: number, end: number, final: boolean): number {
    const b0 = buf[i] as number;
    if (b0 === 0x0a || b0 === 0x0d) {
      const lt = this.indentation(buf, i, end);
      if (lt >= 0) return lt;
    }
    let start = i;
    let high = 0;
    let text = '';
    for (;;) {
      let b = 0;
      while (i < end) {
        b = buf[i] as number;
        if (b === LT || b === AMP) break;
        high |= b;
        i++;
      }
      if (i < end && b === AMP) {
        if (i > start) text += this.decode(buf, start, i, high);
        high = 0;
        if (this.runLength + text.length > this.limits.maxValueLength) this.fail('limit', `a text value is longer than ${this.limits.maxValueLength} characters`, i);
        const next = this.reference(buf, i, end);
        if (next === INCOMPLETE) {
          this.emitText(text, i);
          return i;
        }
        text += this.referenceText;
        i = start = next;
        continue;
      }
      const stop = i >= end && !final ? safeTextEnd(buf, start, end) : i;
      if (stop > start) {
        text += this.decode(buf, start, stop, high);
      }
      this.emitText(text, stop);
      return stop;
    }
  }

  /** Decodes the reference at `buf[i]` (`&`) into referenceText; returns the index after it. */
  private reference(buf: Uint8Array, i: number, end: number): number {
    const first = i + 1;
    if (first >= end) return INCOMPLETE;
    const c = CLASS[buf[first] as number] as number;
    if (c & WS) {
      // Leniency shared with the sax adapter: `& ` cannot start a reference, so it is a plain `&`.
      this.referenceText = '&';
      return first;
    }
    if (!(c & ENTITY_START)) this.fail('malformed', 'a bare & that starts no entity or character reference (write &amp;)', i);
    let k = first + 1;
    while (k < end && (CLASS[buf[k] as number] as number) & ENTITY) {
      if (k - first > MAX_REFERENCE_BYTES) this.fail('malformed', 'an entity reference that is too long or not closed by ;', i);
      k++;
    }
    if (k >= end) return INCOMPLETE;
    if (buf[k] !== SEMICOLON) this.fail('malformed', 'an entity reference not closed by ; (write &amp; for a plain &)', i);
    this.referenceText = resolveReference(buf, first, k, this.base + i);
    return k + 1;
  }

  // ---- markup ----

  private markup(buf: Uint8Array, lt: number, end: number): number {
    let j = lt + 1;
    // sax lets whitespace stand between '<' and what follows; so does this tokenizer.
    while (j < end && (CLASS[buf[j] as number] as number) & WS) j++;
    if (j >= end) return INCOMPLETE;
    const b = buf[j] as number;
    if (b === SLASH) return this.endTag(buf, j + 1, end);
    if (b === BANG) return this.bang(buf, lt, j + 1, end);
    if (b === QUESTION) return this.processingInstruction(buf, j + 1, end);
    if ((CLASS[b] as number) & NAME_START) return this.startTag(buf, j, end);
    return this.fail('malformed', 'a < that starts no tag (write &lt;)', lt);
  }

  /** Scans the name at `buf[i]`; returns its end, or INCOMPLETE when the bytes end inside it. */
  private scanName(buf: Uint8Array, i: number, end: number): number {
    let colon = -1;
    let high = 0;
    let k = i;
    while (k < end) {
      const b = buf[k] as number;
      if (!((CLASS[b] as number) & NAME)) break;
      high |= b;
      if (b === COLON && colon < 0) colon = k;
      k++;
    }
    if (k >= end) return INCOMPLETE;
    this.colon = colon;
    this.high = high;
    this.localHash = hashNameBytes(buf, colon < 0 ? i : colon + 1, k);
    this.prefixHash = colon < 0 ? 0 : hashNameBytes(buf, i, colon);
    return k;
  }

  /** Sets prefix, local and nameId for the name scanned at `buf[start, end)`. */
  private resolveName(buf: Uint8Array, start: number, end: number, lookup: boolean): void {
    const colon = this.colon;
    const localStart = colon < 0 ? start : colon + 1;
    this.prefix = colon < 0 ? '' : this.cache.get(this.view, buf, start, colon, this.prefixHash, this.high < 0x80);
    const id = lookup ? this.table.idOfHashed(this.localHash, buf, localStart, end) : -1;
    this.nameId = id;
    this.local = id >= 0 ? (this.table.names[id] as string) : this.cache.get(this.view, buf, localStart, end, this.localHash, this.high < 0x80);
  }

  /** Length of the scanned name in UTF-16 units; fails when it holds a character no XML name may. */
  private nameLength(buf: Uint8Array, start: number, end: number, element: boolean): number {
    if (this.high < 0x80) return end - start;
    const name = this.view.utf8Slice(start, end);
    const valid = validNameLength(name);
    if (valid < name.length) {
      if (element && valid > 0) {
        // sax reads the valid part as the name and checks it before it meets the bad character.
        if (this.rootClosed) this.fail('malformed', 'a second root element', start);
        if (valid > this.limits.maxNameLength) this.fail('limit', `a name is longer than ${this.limits.maxNameLength} characters`, start);
      }
      this.fail('malformed', `a name holds a character that XML names may not: ${JSON.stringify(name)}`, start);
    }
    return name.length;
  }

  /**
   * The end of the start tag name at `buf[nameStart]` when it repeats the name of the previous
   * element opened at this depth (ParameterValueStruct after ParameterValueStruct), else -1: one
   * compare instead of scanning, hashing and looking the name up again.
   */
  private sameAsSibling(buf: Uint8Array, nameStart: number, end: number, bufs: Uint8Array[], starts: number[], ends: number[]): number {
    const depth = this.depth;
    const sibling = bufs[depth];
    if (sibling === undefined) return -1;
    const from = starts[depth] as number;
    const length = (ends[depth] as number) - from;
    const nameEnd = nameStart + length;
    if (nameEnd >= end) return -1;
    for (let n = 0; n < length; n++) if (buf[nameStart + n] !== sibling[from + n]) return -1;
    return (CLASS[buf[nameEnd] as number] as number) & NAME ? -1 : nameEnd;
  }

  private startTag(buf: Uint8Array, nameStart: number, end: number): number {
    let nameEnd = this.sameAsSibling(buf, nameStart, end, this.siblingBufs, this.siblingStarts, this.siblingEnds);
    let prefix: string;
    let local: string;
    let nameId: number;
    const depth = this.depth;
    if (nameEnd >= 0) {
      if (this.rootClosed) this.fail('malformed', 'a second root element', nameStart);
      prefix = this.siblingPrefixes[depth] as string;
      local = this.siblingLocals[depth] as string;
      nameId = this.siblingIds[depth] as number;
    } else if ((nameEnd = this.sameAsSibling(buf, nameStart, end, this.olderBufs, this.olderStarts, this.olderEnds)) >= 0) {
      if (this.rootClosed) this.fail('malformed', 'a second root element', nameStart);
      prefix = this.olderPrefixes[depth] as string;
      local = this.olderLocals[depth] as string;
      nameId = this.olderIds[depth] as number;
    } else {
      nameEnd = this.scanName(buf, nameStart, end);
      if (nameEnd === INCOMPLETE) return INCOMPLETE;
      const length = this.nameLength(buf, nameStart, nameEnd, true);
      if (this.rootClosed) this.fail('malformed', 'a second root element', nameStart);
      if (length > this.limits.maxNameLength) this.fail('limit', `a name is longer than ${this.limits.maxNameLength} characters`, nameStart);
      this.resolveName(buf, nameStart, nameEnd, true);
      prefix = this.prefix;
      local = this.local;
      nameId = this.nameId;
      const last = this.siblingBufs[depth];
      if (last !== undefined) {
        this.olderBufs[depth] = last;
        this.olderStarts[depth] = this.siblingStarts[depth] as number;
        this.olderEnds[depth] = this.siblingEnds[depth] as number;
        this.olderPrefixes[depth] = this.siblingPrefixes[depth] as string;
        this.olderLocals[depth] = this.siblingLocals[depth] as string;
        this.olderIds[depth] = this.siblingIds[depth] as number;
      }
      this.siblingBufs[depth] = buf;
      this.siblingStarts[depth] = nameStart;
      this.siblingEnds[depth] = nameEnd;
      this.siblingPrefixes[depth] = prefix;
      this.siblingLocals[depth] = local;
      this.siblingIds[depth] = nameId;
    }

    let attributes = EMPTY_ATTRIBUTES as XmlAttribute[];
    let selfClosing = false;
    let k = nameEnd;
    for (;;) {
      if (k >= end) return INCOMPLETE;
      let b = buf[k] as number;
      if (b === GT) {
        k++;
        break;
      }
      if (b === SLASH) {
        if (k + 1 >= end) return INCOMPLETE;
        if (buf[k + 1] !== GT) this.fail('malformed', 'a / in a start tag not followed by >', k);
        k += 2;
        selfClosing = true;
        break;
      }
      if (!((CLASS[b] as number) & WS)) this.fail('malformed', 'a character in a start tag where whitespace, > or /> belongs', k);
      do k++;
      while (k < end && (CLASS[buf[k] as number] as number) & WS);
      if (k >= end) return INCOMPLETE;
      b = buf[k] as number;
      if (b === GT || b === SLASH) continue;
      if (!((CLASS[b] as number) & NAME_START)) this.fail('malformed', 'an attribute name starts with a character that names may not', k);
      const cached = this.cachedAttribute(buf, k, end);
      if (cached >= 0) {
        const a = this.cachedHit as XmlAttribute;
        k = cached;
        let repeated = false;
        for (let n = 0; n < attributes.length; n++) {
          const seen = attributes[n] as XmlAttribute;
          if (seen.local === a.local && seen.prefix === a.prefix) repeated = true;
        }
        if (!repeated) {
          if (attributes === EMPTY_ATTRIBUTES) attributes = [];
          attributes.push(a);
        }
        continue;
      }
      k = this.attribute(buf, k, end, attributes);
      if (k === INCOMPLETE) return INCOMPLETE;
      if (this.pendingAttribute !== undefined) {
        if (attributes === EMPTY_ATTRIBUTES) attributes = [];
        attributes.push(this.pendingAttribute);
        this.pendingAttribute = undefined;
      }
    }

    if (depth >= this.limits.maxDepth) this.fail('limit', `elements are nested deeper than ${this.limits.maxDepth}`, nameStart);
    if (++this.elements > this.limits.maxElements) this.fail('limit', `the body holds more than ${this.limits.maxElements} elements`, nameStart);
    this.runLength = 0;
    this.sink.startElement(prefix, local, nameId, attributes);
    if (selfClosing) {
      this.sink.endElement(prefix, local, nameId);
      if (depth === 0) this.rootClosed = true;
      return k;
    }
    this.push(buf, nameStart, nameEnd, prefix, local, nameId);
    return k;
  }

  private pendingAttribute: XmlAttribute | undefined = undefined;

  /** Scans one attribute at `buf[k]`; leaves it in pendingAttribute unless it repeats one in `seen`. */
  private attribute(buf: Uint8Array, k: number, end: number, seen: readonly XmlAttribute[]): number {
    const nameStart = k;
    const nameEnd = this.scanName(buf, k, end);
    if (nameEnd === INCOMPLETE) return INCOMPLETE;
    const nameLength = this.nameLength(buf, nameStart, nameEnd, false);
    k = nameEnd;
    while (k < end && (CLASS[buf[k] as number] as number) & WS) k++;
    if (k >= end) return INCOMPLETE;
    if (buf[k] !== EQUALS) this.fail('malformed', 'an attribute without = and a quoted value', k);
    k++;
    while (k < end && (CLASS[buf[k] as number] as number) & WS) k++;
    if (k >= end) return INCOMPLETE;
    const quote = buf[k] as number;
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) this.fail('malformed', 'an attribute value without quotes', k);
    const after = this.attributeValue(buf, k + 1, end, quote);
    if (after === INCOMPLETE) return INCOMPLETE;
    this.resolveName(buf, nameStart, nameEnd, false);
    const prefix = this.prefix;
    const local = this.local;
    for (let n = 0; n < seen.length; n++) {
      const a = seen[n] as XmlAttribute;
      if (a.local === local && a.prefix === prefix) return after;
    }
    if (nameLength > this.limits.maxNameLength) this.fail('limit', `a name is longer than ${this.limits.maxNameLength} characters`, nameStart);
    const value = this.valueText;
    if (value.length > this.limits.maxValueLength) this.fail('limit', `an attribute value is longer than ${this.limits.maxValueLength} characters`, nameStart);
    if (after - nameStart > ATTRIBUTE_CACHE_BYTES) {
      this.pendingAttribute = { prefix, local, value };
      return after;
    }
    // Kept past this body: the key is a copy (copyBytes),
    // and a long value is copied out of the latin1 window so that the window is not kept alive.
    const kept = value.length < 13 ? value : Buffer.from(value, 'utf8').toString('utf8');
    const attribute: XmlAttribute = Object.freeze({ prefix, local, value: kept });
    this.pendingAttribute = attribute;
    const slot = this.attributeNext;
    this.attributeNext = (slot + 1) % ATTRIBUTE_CACHE;
    this.attributeBytes[slot] = copyBytes(buf, nameStart, after);
    this.attributeObjects[slot] = attribute;
    return after;
  }

  /**
   * The index after the attribute at `buf[k]` when its bytes repeat a remembered one (left in
   * cachedHit), else -1.
   */
  private cachedAttribute(buf: Uint8Array, k: number, end: number): number {
    const keys = this.attributeBytes;
    const count = keys.length;
    if (count === 0) return -1;
    // The same attribute tends to follow itself (xsi:type="xsd:string" on Value after Value): try
    // the last hit first. Keys share long prefixes (`xsi:type="xsd:`), so each is told apart by its
    // last value byte (before the closing quote) before the bytes are compared in full.
    const last = this.attributeLastHit;
    if (last < count && this.keyAt(keys[last] as Uint8Array, buf, k, end)) {
      this.cachedHit = this.attributeObjects[last];
      return k + (keys[last] as Uint8Array).length;
    }
    for (let slot = 0; slot < count; slot++) {
      if (slot === last) continue;
      const key = keys[slot] as Uint8Array;
      if (this.keyAt(key, buf, k, end)) {
        this.attributeLastHit = slot;
        this.cachedHit = this.attributeObjects[slot];
        return k + key.length;
      }
    }
    return -1;
  }

  /** True when `key` (an attribute's bytes, name to closing quote) is at `buf[k]`. */
  private keyAt(key: Uint8Array, buf: Uint8Array, k: number, end: number): boolean {
    const length = key.length;
    if (k + length > end) return false;
    const tail = length - 2;
    if (key[tail] !== buf[k + tail] || key[0] !== buf[k]) return false;
    let m = 1;
    while (m < tail && key[m] === buf[k + m]) m++;
    return m === tail && key[length - 1] === buf[k + length - 1];
  }

  /** Reads a quoted value from `buf[i]` into valueText; returns the index after the closing quote. */
  private attributeValue(buf: Uint8Array, i: number, end: number, quote: number): number {
    let start = i;
    let high = 0;
    let value = '';
    for (;;) {
      let b = 0;
      while (i < end) {
        b = buf[i] as number;
        if (b === quote || b === AMP) break;
        high |= b;
        i++;
      }
      if (i >= end) return INCOMPLETE;
      if (i > start) value += this.decode(buf, start, i, high);
      high = 0;
      if (b === quote) {
        this.valueText = value;
        return i + 1;
      }
      const next = this.reference(buf, i, end);
      if (next === INCOMPLETE) return INCOMPLETE;
      value += this.referenceText;
      i = start = next;
    }
  }

  private push(buf: Uint8Array, start: number, end: number, prefix: string, local: string, nameId: number): void {
    const depth = this.depth++;
    this.nameBufs[depth] = buf;
    this.nameStarts[depth] = start;
    this.nameEnds[depth] = end;
    this.prefixes[depth] = prefix;
    this.locals[depth] = local;
    this.ids[depth] = nameId;
  }

  /** Copies the names of open elements out of `buf`, which the caller may reuse once write() returns. */
  detach(buf: Uint8Array): void {
    this.siblingBufs.length = 0;
    this.olderBufs.length = 0;
    this.view = EMPTY_VIEW;
    this.latin1 = '';
    this.latin1Start = this.latin1End = 0;
    for (let d = 0; d < this.depth; d++) {
      if (this.nameBufs[d] !== buf) continue;
      this.nameBufs[d] = copyBytes(buf, this.nameStarts[d], this.nameEnds[d]);
      this.nameEnds[d] = (this.nameEnds[d] as number) - (this.nameStarts[d] as number);
      this.nameStarts[d] = 0;
    }
  }

  private endTag(buf: Uint8Array, j: number, end: number): number {
    let k = j;
    while (k < end && (CLASS[buf[k] as number] as number) & WS) k++;
    if (k >= end) return INCOMPLETE;
    if (!((CLASS[buf[k] as number] as number) & NAME_START)) this.fail('malformed', 'an end tag without a name', k);
    const depth = this.depth - 1;
    if (depth < 0) this.fail('malformed', 'an end tag without a start tag', k);
    // Compare with the open element's name as the bytes come; any difference is an error.
    const open = this.nameBufs[depth] as Uint8Array;
    const from = this.nameStarts[depth] as number;
    const length = (this.nameEnds[depth] as number) - from;
    const nameStart = k;
    for (let n = 0; n < length; n++, k++) {
      if (k >= end) return INCOMPLETE;
      if (buf[k] !== open[from + n]) break;
    }
    if (k >= end) return INCOMPLETE;
    if (k - nameStart < length || (CLASS[buf[k] as number] as number) & NAME) {
      k = this.decodedEndTagName(buf, nameStart, end, depth);
      if (k === INCOMPLETE) return INCOMPLETE;
    }
    while (k < end && (CLASS[buf[k] as number] as number) & WS) k++;
    if (k >= end) return INCOMPLETE;
    if (buf[k] !== GT) this.fail('malformed', 'an end tag holds more than its name', k);
    this.depth = depth;
    this.runLength = 0;
    this.sink.endElement(this.prefixes[depth] as string, this.locals[depth] as string, this.ids[depth] as number);
    if (depth === 0) this.rootClosed = true;
    return k + 1;
  }

  /**
   * The end tag's name differs from the open element's in bytes; it still closes it when both
   * decode to the same characters (two different invalid UTF-8 sequences both read as U+FFFD, as
   * the sax reference sees them). Returns the index after the name.
   */
  private decodedEndTagName(buf: Uint8Array, nameStart: number, end: number, depth: number): number {
    let k = nameStart;
    while (k < end && (CLASS[buf[k] as number] as number) & NAME) k++;
    if (k >= end) return INCOMPLETE;
    const open = this.nameBufs[depth] as Uint8Array;
    const from = this.nameStarts[depth] as number;
    const openName = sliceView(open).utf8Slice(from, this.nameEnds[depth] as number);
    if (this.view.utf8Slice(nameStart, k) !== openName) this.fail('malformed', `an end tag that does not close <${this.qname(depth)}>`, nameStart);
    return k;
  }

  /** `<!`: a comment or CDATA section; DOCTYPE and ENTITY declarations are refused. */
  private bang(buf: Uint8Array, lt: number, j: number, end: number): number {
    if (j < end && buf[j] === DASH) {
      if (j + 1 >= end) return INCOMPLETE;
      if (buf[j + 1] === DASH) return this.comment(buf, j + 2, end);
      this.fail('malformed', 'a <! that starts no comment or CDATA section', lt);
    }
    const cdata = matchKeyword(buf, j, end, '[CDATA[');
    if (cdata === 1) return this.cdata(buf, lt, j + 7, end);
    const doctype = matchKeyword(buf, j, end, 'DOCTYPE');
    if (doctype === 1) this.fail('doctype', 'a DOCTYPE: SOAP envelopes must not hold one', lt);
    const entity = matchKeyword(buf, j, end, 'ENTITY');
    if (entity === 1) this.fail('doctype', 'an ENTITY declaration: SOAP envelopes must not hold one', lt);
    if (cdata === 0 || doctype === 0 || entity === 0) return INCOMPLETE;
    return this.fail('malformed', 'a <! that starts no comment or CDATA section', lt);
  }

  private comment(buf: Uint8Array, i: number, end: number): number {
    for (let k = i; k + 1 < end; k++) {
      if (buf[k] === DASH && buf[k + 1] === DASH) {
        if (k + 2 >= end) return INCOMPLETE;
        if (buf[k + 2] !== GT) this.fail('malformed', 'a -- inside a comment', k);
        return k + 3;
      }
    }
    return INCOMPLETE;
  }

  private cdata(buf: Uint8Array, lt: number, i: number, end: number): number {
    if (this.depth === 0) this.fail('malformed', 'a CDATA section outside the root element', lt);
    let high = 0;
    for (let k = i; k + 2 < end; k++) {
      const b = buf[k] as number;
      high |= b;
      if (b === RIGHT_BRACKET && buf[k + 1] === RIGHT_BRACKET && buf[k + 2] === GT) {
        this.runLength = 0;
        this.emitText(this.decode(buf, i, k, high), i);
        this.runLength = 0;
        return k + 3;
      }
    }
    return INCOMPLETE;
  }

  /** `<?…?>`, skipped. Like sax, a `?` not followed by `>` also swallows the byte after it. */
  private processingInstruction(buf: Uint8Array, i: number, end: number): number {
    let k = i;
    for (;;) {
      while (k < end && buf[k] !== QUESTION) k++;
      if (k + 1 >= end) return INCOMPLETE;
      if (buf[k + 1] === GT) return k + 2;
      k += 2;
    }
  }
}

