/**
 * The reference tokenizer: `sax` 1.6.1 (strict, strictEntities, no position tracking, no xmlns
 * mode) behind the event interface. It is the oracle of the fast tokenizer's tests, so it adds the
 * checks that sax leaves out and the fast tokenizer makes: the limits, DOCTYPE and ENTITY
 * declarations refused, one root element only, no CDATA or other `<!…>` outside a comment, and the
 * one leniency both share (a bare `&` followed by whitespace is a literal `&`).
 *
 * Error offsets are coarse: sax counts no positions here (tracking them costs speed), so an error
 * carries the body offset of the chunk being written when it was found.
 */
import sax, { type SAXOptions, type SAXParser, type Tag } from 'sax';
import {
  XmlTokenizerError,
  type NameTable,
  type XmlAttribute,
  type XmlErrorKind,
  type XmlLimits,
  type XmlSink,
  type XmlTokenizer,
  type XmlTokenStream,
} from './xml-events.js';

const OPTIONS = { strictEntities: true, position: false, xmlns: false } as SAXOptions;
const EMPTY_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);
const { STATE: S, XML_ENTITIES } = sax as unknown as { STATE: Record<string, number>; XML_ENTITIES: Record<string, string> };
const DOCTYPE_STATES = new Set([S.DOCTYPE, S.DOCTYPE_QUOTED, S.DOCTYPE_DTD, S.DOCTYPE_DTD_QUOTED]);
const SGML_STATES = new Set([S.SGML_DECL, S.SGML_DECL_QUOTED]);

/** sax's parser fields that the adapter reads to classify its errors (not in @types/sax). */
interface SaxInternals {
  state: number;
  entity: string;
  c: string;
  sgmlDecl: string;
  doctype: string | boolean;
  ENTITIES: Record<string, string>;
}

function isWhitespace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t';
}

class SaxRun implements XmlTokenStream {
  private readonly parser: SAXParser & SaxInternals;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private depth = 0;
  private elements = 0;
  private rootClosed = false;
  private runLength = 0;
  /** Body offset of the chunk being written. */
  private offset = 0;
  private written = 0;
  private readonly prefixes: string[] = [];
  private readonly locals: string[] = [];
  private readonly ids: number[] = [];
  private attributes: XmlAttribute[] = [];

  constructor(
    private readonly sink: XmlSink,
    private readonly names: NameTable,
    private readonly limits: XmlLimits,
  ) {
    const parser = sax.parser(true, { ...OPTIONS }) as SAXParser & SaxInternals;
    // strictEntities still looks entities up through Object.prototype (`&constructor;`).
    parser.ENTITIES = Object.assign(Object.create(null) as Record<string, string>, XML_ENTITIES);
    parser.onopentagstart = (tag) => this.openStart(tag.name);
    parser.onattribute = (a) => this.attribute(a.name, a.value);
    parser.onopentag = (tag) => this.open(tag as Tag);
    parser.onclosetag = () => this.close();
    parser.ontext = (t) => this.text(t);
    parser.onopencdata = () => {
      if (this.depth === 0) this.fail('malformed', 'a CDATA section outside the root element');
      this.runLength = 0;
    };
    parser.oncdata = (t) => this.text(t);
    parser.onclosecdata = () => {
      this.runLength = 0;
    };
    parser.ondoctype = () => this.fail('doctype', 'a DOCTYPE: SOAP envelopes must not hold one');
    parser.onsgmldeclaration = (decl) => this.sgml(decl);
    parser.onerror = (err) => this.error(err);
    this.parser = parser;
  }

  private fail(kind: XmlErrorKind, message: string): never {
    throw new XmlTokenizerError(kind, message, this.offset);
  }

  write(chunk: Uint8Array): void {
    this.offset = this.written;
    this.written += chunk.length;
    const text = this.decoder.decode(chunk, { stream: true });
    if (text.length > 0) this.parser.write(text);
  }

  end(): void {
    this.offset = this.written;
    const text = this.decoder.decode();
    if (text.length > 0) this.parser.write(text);
    this.parser.close();
  }

  private sgml(decl: string): never {
    if (/^ENTITY/i.test(decl)) this.fail('doctype', 'an ENTITY declaration: SOAP envelopes must not hold one');
    this.fail('malformed', 'a <! that starts no comment or CDATA section');
  }

  private error(err: Error): void {
    const p = this.parser;
    if (p.doctype !== '' || DOCTYPE_STATES.has(p.state)) this.fail('doctype', 'a DOCTYPE: SOAP envelopes must not hold one');
    if (SGML_STATES.has(p.state) && /^ENTITY/i.test(p.sgmlDecl)) this.fail('doctype', 'an ENTITY declaration: SOAP envelopes must not hold one');
    // The leniency shared with the fast tokenizer: `& ` is a literal `&` (sax keeps it as such on resume).
    if (err.message.startsWith('Invalid character in entity name') && p.entity === '' && isWhitespace(p.c)) {
      p.resume();
      return;
    }
    const newline = err.message.indexOf('\n');
    this.fail('malformed', newline < 0 ? err.message : err.message.slice(0, newline));
  }

  private openStart(name: string): void {
    if (this.parser.doctype !== '') this.fail('doctype', 'a DOCTYPE: SOAP envelopes must not hold one');
    if (this.rootClosed) this.fail('malformed', 'a second root element');
    if (name.length > this.limits.maxNameLength) this.fail('limit', `a name is longer than ${this.limits.maxNameLength} characters`);
    this.attributes = [];
  }

  private attribute(name: string, value: string): void {
    if (name.length > this.limits.maxNameLength) this.fail('limit', `a name is longer than ${this.limits.maxNameLength} characters`);
    if (value.length > this.limits.maxValueLength) this.fail('limit', `an attribute value is longer than ${this.limits.maxValueLength} characters`);
    const colon = name.indexOf(':');
    this.attributes.push(colon < 0 ? { prefix: '', local: name, value } : { prefix: name.slice(0, colon), local: name.slice(colon + 1), value });
  }

  private open(tag: Tag): void {
    const depth = this.depth;
    if (depth >= this.limits.maxDepth) this.fail('limit', `elements are nested deeper than ${this.limits.maxDepth}`);
    if (++this.elements > this.limits.maxElements) this.fail('limit', `the body holds more than ${this.limits.maxElements} elements`);
    const name = tag.name;
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const local = colon < 0 ? name : name.slice(colon + 1);
    const id = this.names.idOf(local);
    this.prefixes[depth] = prefix;
    this.locals[depth] = local;
    this.ids[depth] = id;
    this.depth = depth + 1;
    this.runLength = 0;
    this.sink.startElement(prefix, local, id, this.attributes.length === 0 ? EMPTY_ATTRIBUTES : this.attributes);
  }

  private close(): void {
    const depth = --this.depth;
    this.runLength = 0;
    this.sink.endElement(this.prefixes[depth] as string, this.locals[depth] as string, this.ids[depth] as number);
    if (depth === 0) this.rootClosed = true;
  }

  private text(value: string): void {
    // sax hands on whitespace between top-level comments and PIs; it is no element's text.
    if (this.depth === 0) return;
    this.runLength += value.length;
    if (this.runLength > this.limits.maxValueLength) this.fail('limit', `a text value is longer than ${this.limits.maxValueLength} characters`);
    this.sink.text(value);
  }
}

/** The `sax` reference tokenizer behind the event interface. */
export const saxTokenizer: XmlTokenizer = Object.freeze({
  name: 'sax' as const,
  tokenize(body: Uint8Array, sink: XmlSink, names: NameTable, limits: XmlLimits): void {
    const run = new SaxRun(sink, names, limits);
    run.write(body);
    run.end();
  },
  stream(sink: XmlSink, names: NameTable, limits: XmlLimits): XmlTokenStream {
    return new SaxRun(sink, names, limits);
  },
});
