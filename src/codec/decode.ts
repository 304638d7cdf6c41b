/**
 * CWMP envelope decoder: bytes in, a typed message or an error as data out.
 *
 * A tokenizer (the fast byte tokenizer by default, `sax` on request) turns the body into events
 * against the generated name table; {@link EnvelopeSink} reads the envelope and the generated
 * tables drive the message's state machine. Nothing here throws: malformed XML answers
 * XML_MALFORMED, a well-formed non-envelope NOT_CWMP, a bad argument INVALID_ARGUMENTS (8003).
 */
import { errorData, type ErrorData } from '../errors/codes.js';
import type { LengthPolicy } from './body-machine.js';
import { DecodeAbort } from './decode-values.js';
import { EnvelopeSink } from './envelope-sink.js';
import type { CwmpEnvelope } from './messages.js';
import { CWMP_NAME_TABLE, tokenizerNamed, type TokenizerName } from './tokenizers.js';
import { prepareBody } from './xml/charset.js';
import { DEFAULT_XML_LIMITS, XmlTokenizerError, type XmlLimits, type XmlTokenizer } from './xml/xml-events.js';

/** The result of {@link decodeEnvelope}: never thrown, always returned. */
export type DecodeResult = { ok: true; envelope: CwmpEnvelope } | { ok: false; error: ErrorData };

/** Deepest element nesting accepted; a CWMP envelope needs about 7. */
export const MAX_DEPTH = 64;

/** Longest text or attribute value accepted by default: far above any CWMP value, far below a flood. */
export const MAX_VALUE_CHARS = 64 * 1024;

export interface DecodeOptions {
  /** Which tokenizer reads the bytes; `fast` unless told otherwise. */
  tokenizer?: TokenizerName;
  /** The `charset` of the HTTP Content-Type, when there is one; the body is transcoded to UTF-8 first (xml/charset.ts). */
  charset?: string;
  /** A value longer than its XSD maxLength: recorded as a warning (default, as TR-069 asks of receivers) or refused with 8003. */
  lengthPolicy?: LengthPolicy;
  limits?: Partial<XmlLimits>;
}

interface Decoder {
  readonly tokenizer: XmlTokenizer;
  readonly limits: XmlLimits;
  readonly sink: EnvelopeSink;
}

function createDecoder(options: DecodeOptions): Decoder {
  const tokenizer = tokenizerNamed(options.tokenizer ?? 'fast');
  const limits: XmlLimits = Object.freeze({ ...DEFAULT_XML_LIMITS, maxDepth: MAX_DEPTH, maxValueLength: MAX_VALUE_CHARS, ...options.limits });
  return { tokenizer, limits, sink: new EnvelopeSink(options.lengthPolicy ?? 'warn') };
}

/** Maps whatever a decode threw to the error it answers. */
function failure(err: unknown): DecodeResult {
  if (err instanceof DecodeAbort) return { ok: false, error: err.error };
  if (err instanceof XmlTokenizerError) {
    if (err.kind === 'doctype') return { ok: false, error: errorData('NOT_CWMP', { detail: 'a SOAP envelope must not contain a DOCTYPE' }) };
    if (err.kind === 'limit') return { ok: false, error: errorData('XML_LIMIT', { detail: err.message }) };
    if (err.kind === 'charset') return { ok: false, error: errorData('CHARSET_UNSUPPORTED', { detail: err.message }) };
    return { ok: false, error: errorData('XML_MALFORMED', { detail: `${err.message} (byte ${err.offset})` }) };
  }
  return { ok: false, error: errorData('INTERNAL', { detail: `CWMP decoder failed: ${String(err)}` }) };
}

/** Bytes as UTF-8 for the tokenizer: strings are encoded, other charsets transcoded (charset.ts). */
function utf8Bytes(body: Uint8Array | string, charset: string | undefined): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : prepareBody(body, charset);
}

/** True for a body of nothing but whitespace and a BOM: not XML at all, so not "malformed" either. */
function isBlank(body: Uint8Array | string): boolean {
  for (let i = 0; i < body.length; i++) {
    const c = typeof body === 'string' ? body.charCodeAt(i) : (body[i] as number);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) continue;
    // The UTF-8 BOM as bytes.
    if (typeof body !== 'string' && i === 0 && c === 0xef && body[1] === 0xbb && body[2] === 0xbf) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

let defaultDecoder: Decoder | undefined;
const decoders = new WeakMap<DecodeOptions, Decoder>();

/**
 * One decoder per options object per thread: decoding is synchronous, so its state is reused.
 * Callers that pass options keep one frozen object (decided at construction), so this is a
 * WeakMap hit, not a comparison of option values per request.
 */
function decoderFor(options: DecodeOptions | undefined): Decoder {
  if (options === undefined) return (defaultDecoder ??= createDecoder({}));
  let d = decoders.get(options);
  if (d === undefined) {
    d = createDecoder(options);
    decoders.set(options, d);
  }
  return d;
}

/**
 * Decodes one CWMP SOAP envelope. Never throws. An empty body answers NOT_CWMP; the session layer
 * treats an empty POST before calling this.
 */
export function decodeEnvelope(body: Uint8Array | string, options?: DecodeOptions): DecodeResult {
  if (isBlank(body)) return { ok: false, error: errorData('NOT_CWMP', { detail: 'the body holds no XML element' }) };
  const d = decoderFor(options);
  const sink = d.sink;
  sink.reset();
  try {
    d.tokenizer.tokenize(utf8Bytes(body, options?.charset), sink, CWMP_NAME_TABLE, d.limits);
    return { ok: true, envelope: sink.result() };
  } catch (err) {
    sink.reset();
    return failure(err);
  }
}

/** A body decoded as it arrives, chunk by chunk (split anywhere). */
export interface EnvelopeStream {
  write(chunk: Uint8Array): void;
  /** The body is complete. Never throws: an error seen in `write` is returned here. */
  end(): DecodeResult;
}

/** Starts decoding a body that arrives in chunks; the result equals {@link decodeEnvelope} on the whole body. */
export function decodeEnvelopeStream(options?: DecodeOptions): EnvelopeStream {
  const d = createDecoder(options ?? {});
  const stream = d.tokenizer.stream(d.sink, CWMP_NAME_TABLE, d.limits);
  let error: DecodeResult | undefined;
  return {
    write(chunk) {
      if (error !== undefined) return;
      try {
        stream.write(chunk);
      } catch (err) {
        error = failure(err);
      }
    },
    end() {
      if (error !== undefined) return error;
      try {
        stream.end();
        return { ok: true, envelope: d.sink.result() };
      } catch (err) {
        return failure(err);
      }
    },
  };
}
