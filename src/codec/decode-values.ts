/**
 * Strict parsers for the XSD simple types CWMP puts in elements, the abort signal the decoder
 * throws from inside tokenizer events, and the typed form of a `Value` given its xsi:type.
 * Parsers accept what real CPEs send (surrounding whitespace, leading zeros, `1`/`0` booleans)
 * and nothing that would change the number (no exponents, no fractions, no overflow).
 */
import { errorData, type ErrorData } from '../errors/codes.js';
import type { TypedValue } from '../generated/cwmp/types.js';

/**
 * Thrown from inside tokenizer events to stop at once; decodeEnvelope catches it and returns its
 * error as data. Not an Error subclass: failing input is ordinary here, and a stack trace per
 * hostile request would be wasted work.
 */
export class DecodeAbort {
  constructor(readonly error: ErrorData) {}
}

/** Longest echo of a bad value in an error message: the message goes to logs and back to the CPE. */
const MAX_ECHO_CHARS = 40;

export function echo(text: string): string {
  return JSON.stringify(text.length > MAX_ECHO_CHARS ? `${text.slice(0, MAX_ECHO_CHARS)}…` : text);
}

/** An INVALID_ARGUMENTS abort (8003); `detail` names the element, e.g. `Inform/MaxEnvelopes is missing`. */
export function invalidArguments(detail: string): DecodeAbort {
  return new DecodeAbort(errorData('INVALID_ARGUMENTS', { detail }));
}

/** Longest array accepted where the XSD says unbounded. A GPV on `Device.` returns tens of thousands. */
export const MAX_LIST_ITEMS = 200_000;

const UINT_MAX = 4_294_967_295;
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

/** Digits of an optionally signed integer, or -1 when `s` is not one; `sign` receives ±1. */
function digitsValue(s: string, allowMinus: boolean): number {
  let i = 0;
  const c = s.charCodeAt(0);
  if (c === 43 /* + */ || (allowMinus && c === 45) /* - */) i = 1;
  if (i === s.length) return -1;
  // Leading zeros are legal (`007`); 16 significant digits stay exact in a double.
  while (i < s.length - 1 && s.charCodeAt(i) === 48) i++;
  if (s.length - i > 15) return -2;
  let n = 0;
  for (; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** xs:unsignedInt, or undefined when `text` is not one. */
export function unsignedIntOf(text: string): number | undefined {
  const s = text.trim();
  const n = digitsValue(s, false);
  return n < 0 || n > UINT_MAX ? undefined : n;
}

/** xs:int, or undefined. */
export function intOf(text: string): number | undefined {
  const s = text.trim();
  const negative = s.charCodeAt(0) === 45;
  const n = digitsValue(s, true);
  if (n < 0) return undefined;
  const v = negative ? -n : n;
  return v < INT_MIN || v > INT_MAX ? undefined : v;
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const ULONG_MAX = 2n ** 64n - 1n;
const INTEGER = /^[+-]?\d{1,30}$/;

/** xs:long / xs:unsignedLong as bigint, or undefined. */
export function longOf(text: string, unsigned: boolean): bigint | undefined {
  const s = text.trim();
  if (!INTEGER.test(s)) return undefined;
  const v = BigInt(s);
  return unsigned ? (v < 0n || v > ULONG_MAX ? undefined : v) : v < LONG_MIN || v > LONG_MAX ? undefined : v;
}

/** xs:boolean: CPEs send `true`/`false` and `1`/`0`, some in capitals. */
export function booleanOf(text: string): boolean | undefined {
  switch (text.trim()) {
    case 'true':
    case '1':
    case 'TRUE':
    case 'True':
      return true;
    case 'false':
    case '0':
    case 'FALSE':
    case 'False':
      return false;
    default:
      return undefined;
  }
}

const DATE_TIME = /^(-?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?$/;

/**
 * xs:dateTime as a Date, or undefined. A value without a time zone (common on CPEs) is read as
 * UTC; the Unknown Time `0001-01-01T00:00:00Z` and 1970 dates from unsynchronised clocks are
 * valid dates and returned as such.
 */
export function dateTimeOf(text: string): Date | undefined {
  const s = text.trim();
  const m = DATE_TIME.exec(s);
  if (m === null) return undefined;
  const zone = m[8] ?? 'Z';
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${(m[7] ?? '').slice(0, 4)}${zone}`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  // Date() parses years 0000-0099 as given when written with 4 digits, so Unknown Time stays 0001.
  return d;
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;
const HEX = /^(?:[0-9A-Fa-f]{2})*$/;

export function base64Of(text: string): Uint8Array | undefined {
  return BASE64.test(text) ? new Uint8Array(Buffer.from(text, 'base64')) : undefined;
}

export function hexBinaryOf(text: string): Uint8Array | undefined {
  const s = text.trim();
  return HEX.test(s) ? new Uint8Array(Buffer.from(s, 'hex')) : undefined;
}

/**
 * The typed form of a Value whose xsi:type (without prefix) is `type`: undefined for string-like
 * types, and `null` when the text is not valid for the type (the caller warns and keeps the raw
 * string: a CPE that labels `abc` as `xsd:int` still gets its Inform through).
 */
export function typedValueOf(type: string, text: string): TypedValue | null | undefined {
  let v: TypedValue | undefined;
  switch (type) {
    case 'boolean':
      v = booleanOf(text);
      break;
    case 'int':
      v = intOf(text);
      break;
    case 'unsignedInt':
      v = unsignedIntOf(text);
      break;
    case 'long':
      v = longOf(text, false);
      break;
    case 'unsignedLong':
      v = longOf(text, true);
      break;
    case 'dateTime':
      v = dateTimeOf(text);
      break;
    case 'base64':
    case 'base64Binary':
      v = base64Of(text);
      break;
    case 'hexBinary':
      v = hexBinaryOf(text);
      break;
    default:
      return undefined;
  }
  return v === undefined ? null : v;
}
