/**
 * The small event interface between the two XML tokenizers (the fast byte tokenizer and the `sax`
 * reference) and the generated CWMP decoders. Decoders never see either tokenizer's own API, so
 * both can be swapped and compared event for event.
 *
 * Element local names are matched by the tokenizer against a name table that codegen emits
 * (`nameId`), so decoders switch on small integers instead of comparing strings.
 */

/** Local names the decoders care about, in codegen's order; `nameId` indexes into it. */
export interface NameTable {
  readonly names: readonly string[];
  /** Id of a local name, or -1 when it is not in the table. */
  idOf(localName: string): number;
  /**
   * Id of the local name whose UTF-8 bytes are `bytes[start, end)`, or -1, without making a string.
   * Optional: tables from `createNameTable` (name-table.ts) have it; the fast tokenizer builds such
   * a table once (and keeps it) for any other NameTable.
   */
  idOfBytes?(bytes: Uint8Array, start: number, end: number): number;
}

export interface XmlAttribute {
  /** Prefix as written ('' when none); `xmlns` for namespace declarations with a prefix. */
  readonly prefix: string;
  readonly local: string;
  /** Value with entities and character references decoded. */
  readonly value: string;
}

export interface XmlSink {
  /**
   * An element starts. `nameId` is the local name's id in the table, or -1; `local` always holds
   * the local name (decoders read it only for unknown elements, to warn about them).
   * `attributes` is empty when the element has none (namespace declarations included in it).
   */
  startElement(prefix: string, local: string, nameId: number, attributes: readonly XmlAttribute[]): void;
  /** Character data of the current element, entities decoded; may arrive in several pieces. */
  text(value: string): void;
  endElement(prefix: string, local: string, nameId: number): void;
}

/** Why a body was refused by a tokenizer. */
export type XmlErrorKind = 'malformed' | 'doctype' | 'limit' | 'charset';

export class XmlTokenizerError extends Error {
  constructor(
    readonly kind: XmlErrorKind,
    message: string,
    /** Byte offset in the body where the problem was found. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'XmlTokenizerError';
  }
}

export interface XmlLimits {
  maxDepth: number;
  maxElements: number;
  /** Longest text or attribute value, in characters. */
  maxValueLength: number;
  /** Longest element or attribute name. */
  maxNameLength: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = Object.freeze({ maxDepth: 64, maxElements: 1_000_000, maxValueLength: 1 << 20, maxNameLength: 256 });

/** One body being tokenized, fed in chunks (split anywhere, even inside a UTF-8 sequence). */
export interface XmlTokenStream {
  write(chunk: Uint8Array): void;
  /** The body is complete: throws when it ended inside a token or with elements still open. */
  end(): void;
}

/**
 * A tokenizer turns a body into events. It throws XmlTokenizerError (and nothing else) on bad
 * input; the decoder maps the kind to a CWMP fault or an HTTP status. `tokenize` is the whole-body
 * fast path and must give exactly the events of `stream` fed the same bytes in any split
 * (text may be cut into more pieces).
 */
export interface XmlTokenizer {
  readonly name: 'fast' | 'sax';
  tokenize(body: Uint8Array, sink: XmlSink, names: NameTable, limits: XmlLimits): void;
  stream(sink: XmlSink, names: NameTable, limits: XmlLimits): XmlTokenStream;
}
