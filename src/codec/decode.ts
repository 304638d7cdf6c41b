/**
 * CWMP envelope decoder over the `sax` tokenizer: bytes in, a typed message or an error as data out.
 *
 * sax runs with `xmlns: false` because its namespace mode made the bare tokenizer pass about 1.75×
 * slower on a 7 KiB Inform (measured, Node 20). Namespaces are resolved here instead, and only on
 * the few elements whose namespace matters: the Envelope, Header and Body, the method, and the
 * `detail/cwmp:Fault` of a SOAP Fault — all within {@link NS_DEPTH} of the root. Everything under
 * the method is matched by local name (see body-readers.ts).
 */
import sax, { type SAXOptions, type SAXParser, type Tag } from 'sax';
import { errorData, type ErrorData } from '../errors/codes.js';
import { createBodyReader } from './body-readers.js';
import { DecodeAbort, parseBoolean, parseUnsignedInt, type BodyReader } from './decode-values.js';
import {
  CWMP_NAMESPACES,
  SOAP_ENV_NS,
  type CwmpEnvelope,
  type CwmpHeader,
  type CwmpMessage,
  type CwmpNamespace,
} from './messages.js';

/** The result of {@link decodeEnvelope}: never thrown, always returned. */
export type DecodeResult = { ok: true; envelope: CwmpEnvelope } | { ok: false; error: ErrorData };

/** Deepest element nesting accepted; a CWMP envelope needs about 7. Bounds sax's tag stack too. */
export const MAX_DEPTH = 64;

/** Characters per sax write; see decode(). */
const WRITE_CHUNK_CHARS = 16 * 1024;

/** Elements deeper than this never need their namespace: Envelope 0, Body 1, Fault 2, detail 3, cwmp:Fault 4. */
const NS_DEPTH = 4;

/** Prefix → namespace URI; the default namespace under ''. Inner scopes inherit through the prototype. */
type NsScope = Record<string, string>;
const ROOT_SCOPE: NsScope = Object.assign(Object.create(null) as NsScope, { xml: 'http://www.w3.org/XML/1998/namespace' });

const CWMP_NS = new Set<string>(CWMP_NAMESPACES);
function asCwmpNamespace(uri: string | undefined): CwmpNamespace | undefined {
  return uri !== undefined && CWMP_NS.has(uri) ? (uri as CwmpNamespace) : undefined;
}

function notCwmp(detail: string): DecodeAbort {
  return new DecodeAbort(errorData('NOT_CWMP', { detail }));
}

// strictEntities: only XML's five named entities (sax would otherwise accept HTML ones like
// &nbsp;). sax never reads a DTD, so declared entities stay undefined and fail as malformed.
const SAX_OPTIONS = { strictEntities: true, position: true } as SAXOptions;

/**
 * One reusable decoder: a worker decodes one body at a time, synchronously, so the sax parser and
 * its handlers are made once per thread instead of per request.
 */
class EnvelopeDecoder {
  private parser = this.createParser();
  private depth = 0;
  private sawRoot = false;
  private rootClosed = false;
  private text = '';
  /** Local name of the open element at each depth, for parent lookups. */
  private readonly locals: string[] = [];
  /** Namespace scope in force at each depth ≤ NS_DEPTH. */
  private readonly scopes: NsScope[] = [];
  private section: 'none' | 'header' | 'body' = 'none';
  private sawBody = false;
  private header: CwmpHeader = {};
  private reader: BodyReader | undefined;
  private methodNamespace: string | undefined;
  private message: CwmpMessage | undefined;

  decode(xml: string): DecodeResult {
    this.reset();
    try {
      // Chunks let sax's own guard run: it checks its buffers (attribute, tag name, comment,
      // DOCTYPE…) against 64 KiB only between writes, so a single write would let one attribute
      // grow as large as the body. Slices share the body's memory; small bodies take one write.
      for (let i = 0; i < xml.length; i += WRITE_CHUNK_CHARS) this.parser.write(xml.slice(i, i + WRITE_CHUNK_CHARS));
      this.parser.close();
    } catch (err) {
      // The parser stopped mid-document; a fresh one is cheaper than reasoning about its state.
      this.parser = this.createParser();
      this.reset();
      if (err instanceof DecodeAbort) return { ok: false, error: err.error };
      return { ok: false, error: errorData('INTERNAL', { detail: `CWMP decoder failed: ${String(err)}` }) };
    }
    const result = this.result();
    // Drop the message from this long-lived object so that a large one is not kept until the next body.
    this.reset();
    return result;
  }

  private reset(): void {
    this.depth = 0;
    this.sawRoot = this.rootClosed = this.sawBody = false;
    this.text = '';
    this.section = 'none';
    this.header = {};
    this.reader = this.message = this.methodNamespace = undefined;
  }

  /** The outcome of a parse that ran to the end of the document. */
  private result(): DecodeResult {
    if (!this.sawRoot) return { ok: false, error: notCwmp('the body holds no XML element').error };
    if (!this.sawBody) return { ok: false, error: notCwmp('the envelope has no Body').error };
    const message = this.message;
    if (message === undefined) return { ok: false, error: notCwmp('the Body is empty').error };
    const namespace = asCwmpNamespace(this.reader?.nestedNamespace ?? this.methodNamespace);
    return { ok: true, envelope: { namespace, header: this.header, message } };
  }

  private createParser(): SAXParser {
    const parser = sax.parser(true, { ...SAX_OPTIONS });
    parser.onopentag = (tag) => this.open(tag as Tag);
    parser.onclosetag = () => this.close();
    parser.ontext = parser.oncdata = (t) => {
      this.text = this.text === '' ? t : this.text + t;
    };
    parser.ondoctype = () => {
      // SOAP 1.1 §3 forbids a DTD; refusing it also shuts out entity-expansion tricks up front.
      throw notCwmp('a SOAP envelope must not contain a DOCTYPE');
    };
    parser.onerror = (err) => {
      // sax appends its own multi-line position; keep the first line and say where, 1-based.
      const newline = err.message.indexOf('\n');
      const reason = newline < 0 ? err.message : err.message.slice(0, newline);
      const detail = `${reason} at line ${parser.line + 1}, column ${parser.column}`;
      throw new DecodeAbort(errorData('XML_MALFORMED', { detail }));
    };
    return parser;
  }

  private open(tag: Tag): void {
    const depth = this.depth;
    if (depth >= MAX_DEPTH) throw notCwmp(`elements are nested deeper than ${MAX_DEPTH}`);
    // sax in strict mode lets a second root element through; XML does not.
    if (this.rootClosed) throw new DecodeAbort(errorData('XML_MALFORMED', { detail: `second root element <${tag.name}>` }));
    this.depth = depth + 1;
    this.text = '';
    const name = tag.name;
    const colon = name.indexOf(':');
    const local = colon < 0 ? name : name.slice(colon + 1);
    this.locals[depth] = local;
    const uri = depth <= NS_DEPTH ? this.resolve(depth, tag.attributes, colon < 0 ? '' : name.slice(0, colon)) : undefined;

    if (depth === 0) {
      this.sawRoot = true;
      if (local !== 'Envelope' || uri !== SOAP_ENV_NS) throw notCwmp(`the root element is <${name}>, not a SOAP 1.1 Envelope`);
    } else if (depth === 1) {
      this.section = uri !== SOAP_ENV_NS ? 'none' : local === 'Body' ? 'body' : local === 'Header' ? 'header' : 'none';
      if (this.section === 'body') this.sawBody = true;
    } else if (this.section === 'body') {
      if (depth === 2) {
        // Only the Body's first element is the message; anything after it is skipped.
        if (this.reader === undefined) {
          this.reader = createBodyReader(local, local === 'Fault' && uri === SOAP_ENV_NS);
          this.methodNamespace = uri;
        } else {
          this.section = 'none';
        }
      } else if (this.reader !== undefined && this.message === undefined) {
        this.reader.open(depth - 2, local, this.locals[depth - 1] ?? '', tag.attributes, uri);
      }
    }
  }

  private close(): void {
    const depth = --this.depth;
    const local = this.locals[depth] ?? '';
    const text = this.text;
    this.text = '';
    if (depth === 0) {
      this.rootClosed = true;
    } else if (depth === 1) {
      this.section = 'none';
    } else if (this.section === 'header') {
      if (depth === 2) this.headerField(local, text);
    } else if (this.section === 'body' && this.reader !== undefined && this.message === undefined) {
      if (depth === 2) this.message = this.reader.finish();
      else this.reader.close(depth - 2, local, this.locals[depth - 1] ?? '', text);
    }
  }

  /** The namespace of an element at `depth` with `prefix`, after recording its xmlns declarations. */
  private resolve(depth: number, attributes: Readonly<Record<string, string>>, prefix: string): string | undefined {
    let scope = depth === 0 ? ROOT_SCOPE : (this.scopes[depth - 1] ?? ROOT_SCOPE);
    let own = false;
    for (const attr in attributes) {
      if (attr.startsWith('xmlns') && (attr.length === 5 || attr.charCodeAt(5) === 58 /* : */)) {
        if (!own) {
          scope = Object.create(scope) as NsScope;
          own = true;
        }
        scope[attr.length === 5 ? '' : attr.slice(6)] = attributes[attr] ?? '';
      }
    }
    this.scopes[depth] = scope;
    // An unbound prefix resolves to undefined rather than failing: the envelope check then says
    // what is wrong, and a CPE that forgot to declare `cwmp:` still gets its message decoded.
    const uri = scope[prefix];
    return uri === '' ? undefined : uri;
  }

  /** cwmp header elements, by local name; their `mustUnderstand` attributes are not checked. */
  private headerField(local: string, text: string): void {
    const h = this.header;
    switch (local) {
      case 'ID':
        h.id = text; // echoed back verbatim, so not trimmed
        break;
      case 'HoldRequests':
        h.holdRequests = parseBoolean(text, 'Header/HoldRequests');
        break;
      case 'SessionTimeout':
        h.sessionTimeout = parseUnsignedInt(text, 'Header/SessionTimeout');
        break;
      case 'SupportedCWMPVersions':
        h.supportedCwmpVersions = text.trim();
        break;
      case 'UseCWMPVersion':
        h.useCwmpVersion = text.trim();
        break;
      case 'NoMoreRequests':
        h.noMoreRequests = parseBoolean(text, 'Header/NoMoreRequests');
        break;
    }
  }
}

const decoder = new EnvelopeDecoder();
const utf8 = new TextDecoder('utf-8');

/**
 * Decodes one CWMP SOAP envelope.
 *
 * Bytes are read as UTF-8 (a leading BOM is dropped; invalid sequences become U+FFFD rather than
 * failing the whole Inform of a CPE that sends Latin-1). Never throws: malformed XML answers
 * XML_MALFORMED, a well-formed non-envelope (or one without a Body method) NOT_CWMP, and a missing
 * or unparsable argument INVALID_ARGUMENTS naming the element. An empty body answers NOT_CWMP; the
 * session layer treats an empty POST before calling this.
 */
export function decodeEnvelope(body: Uint8Array | string): DecodeResult {
  return decoder.decode(typeof body === 'string' ? body : utf8.decode(body));
}
