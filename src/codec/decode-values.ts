/**
 * Small pieces the SAX decoder and its body readers share: the reader contract, the abort signal
 * handlers throw, the list cap, and strict parsers for the XSD simple types CWMP puts in elements
 * (unsignedInt, boolean).
 */
import { errorData, type ErrorData } from '../errors/codes.js';
import type { CwmpMessage } from './messages.js';

/**
 * Thrown from inside SAX handlers to stop the tokenizer at once (sax has no abort); decodeEnvelope
 * catches it and returns its error as data. Not an Error subclass: failing input is ordinary on
 * this path, and capturing a stack trace per hostile request would be wasted work.
 */
export class DecodeAbort {
  constructor(readonly error: ErrorData) {}
}

/** Longest echo of a bad value in an error message: the message goes to logs and back to the CPE. */
const MAX_ECHO_CHARS = 40;

function echo(text: string): string {
  return JSON.stringify(text.length > MAX_ECHO_CHARS ? `${text.slice(0, MAX_ECHO_CHARS)}…` : text);
}

/** An INVALID_ARGUMENTS abort; `detail` names the element, e.g. `Inform/MaxEnvelopes is missing`. */
export function invalidArguments(detail: string): DecodeAbort {
  return new DecodeAbort(errorData('INVALID_ARGUMENTS', { detail }));
}

/** The required value, or an abort naming `element` when it is absent. */
export function required<T>(value: T | undefined, element: string): T {
  if (value === undefined) throw invalidArguments(`${element} is missing`);
  return value;
}

const UINT_MAX = 4_294_967_295;

/**
 * Parses an xs:unsignedInt (optional `+`, digits, surrounding whitespace allowed). A loop rather
 * than Number(): Number('') is 0 and Number('1e3') is 1000, both wrong here.
 */
export function parseUnsignedInt(text: string, element: string): number {
  const s = text.trim();
  let i = s.charCodeAt(0) === 43 /* + */ ? 1 : 0;
  if (i === s.length || s.length - i > 10) throw invalidArguments(`${element} is not an unsigned integer: ${echo(text)}`);
  let n = 0;
  for (; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw invalidArguments(`${element} is not an unsigned integer: ${echo(text)}`);
    n = n * 10 + d;
  }
  if (n > UINT_MAX) throw invalidArguments(`${element} is out of the unsignedInt range: ${echo(text)}`);
  return n;
}

/** Parses an xs:boolean: CPEs send both `true`/`false` and `1`/`0`. */
export function parseBoolean(text: string, element: string): boolean {
  switch (text.trim()) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      throw invalidArguments(`${element} is not a boolean: ${echo(text)}`);
  }
}

/** Longest array accepted. Generous: a GetParameterValues on `Device.` returns tens of thousands. */
export const MAX_LIST_ITEMS = 200_000;

/** What the envelope decoder drives for the method element it found. */
export interface BodyReader {
  /** Namespace URI of a nested element that tells the cwmp version (SOAP Fault: `detail/cwmp:Fault`). */
  nestedNamespace: string | undefined;
  /** An element opened; `uri` is its resolved namespace at depth ≤ 2 (the decoder's NS_DEPTH), else undefined. */
  open(depth: number, local: string, parent: string, attributes: Readonly<Record<string, string>>, uri: string | undefined): void;
  /** An element closed; `text` is the character data since the last element opened. */
  close(depth: number, local: string, parent: string, text: string): void;
  /** The message, or a thrown DecodeAbort naming the first missing argument. */
  finish(): CwmpMessage;
}

/** Pushes `item` onto `list`, or aborts naming `element` when the list is already at MAX_LIST_ITEMS. */
export function append<T>(list: T[], item: T, element: string): void {
  if (list.length >= MAX_LIST_ITEMS) throw invalidArguments(`${element} has more than ${MAX_LIST_ITEMS} entries`);
  list.push(item);
}
