/**
 * The one place where Provisio escapes values for ClickHouse: TabSeparated fields for inserts and
 * quoted literals for the few statements it builds. `query_params` cannot be used because
 * ClickHouse 18.16 does not support them, so every value that reaches SQL text passes through here.
 *
 * Rules (identical on ClickHouse 18.16 and chDB 26.7, checked by test/clickhouse/tsv-roundtrip):
 * - a TabSeparated field escapes backslash, tab, line feed, carriage return and NUL with a backslash;
 *   nothing else needs escaping, and a raw line feed can then never split a row;
 * - an Array(String) field is written as `['a','b']`: each element a quoted string, and the field is
 *   NOT escaped a second time (ClickHouse parses an array field with its quoted-text reader);
 * - a quoted string escapes backslash and `'`, and the same control characters as above so that it
 *   is also safe inside a TabSeparated row;
 * - a DateTime is written as whole unix seconds, which both versions parse independently of any
 *   time zone; 18.16 reads a number as unix time only from 5 digits up, hence the lower clamp.
 */

/** 1 for the code units below 0x20 that TabSeparated escapes; backslash and quote are tested apart. */
const CONTROL = new Uint8Array(32);
CONTROL[0] = 1;
CONTROL[9] = 1;
CONTROL[10] = 1;
CONTROL[13] = 1;

/** Replacement of an escaped control character, by code unit. */
function controlEscape(code: number): string {
  switch (code) {
    case 0:
      return '\\0';
    case 9:
      return '\\t';
    case 10:
      return '\\n';
    default:
      return '\\r';
  }
}

/**
 * The fast check of {@link tsvString}. One native regex scan measured about twice as fast as a
 * charCodeAt loop on fields of 20+ characters (bench/ingest-rows.bench.ts: +40% rows/s), and it
 * allocates nothing; the loop only runs for the rare field that needs escaping.
 */
const TSV_SPECIAL = /[\\\t\n\r\0]/;

/** Escapes one String value as a TabSeparated field (no surrounding tabs). */
export function tsvString(s: string): string {
  if (!TSV_SPECIAL.test(s)) return s;
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) {
      out += s.slice(from, i) + '\\\\';
      from = i + 1;
    } else if (c < 32 && CONTROL[c] === 1) {
      out += s.slice(from, i) + controlEscape(c);
      from = i + 1;
    }
  }
  return out + s.slice(from);
}

/** Escapes the inside of a single-quoted ClickHouse string literal (without the quotes). */
function quotedBody(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 || c === 39) {
      out += s.slice(from, i) + (c === 92 ? '\\\\' : "\\'");
      from = i + 1;
    } else if (c < 32 && CONTROL[c] === 1) {
      out += s.slice(from, i) + controlEscape(c);
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/**
 * A single-quoted ClickHouse string literal, safe in SQL text and as an element of an
 * Array(String) TabSeparated field.
 */
export function sqlString(s: string): string {
  return "'" + quotedBody(s) + "'";
}

/** An Array(String) value as a TabSeparated field: `['a','b']`. */
export function tsvStringArray(items: readonly string[]): string {
  if (items.length === 0) return '[]';
  let out = "['" + quotedBody(items[0]!);
  for (let i = 1; i < items.length; i++) out += "','" + quotedBody(items[i]!);
  return out + "']";
}

/** Smallest unix time that ClickHouse 18.16 reads as a number in TSV (five digits). */
const MIN_DATETIME_S = 10_000;
/** Largest value of a DateTime column. */
const MAX_DATETIME_S = 0xffff_ffff;

/**
 * A DateTime value as a TabSeparated field: whole unix seconds (UTC by definition). Times outside
 * the DateTime range, and NaN, are clamped so that one bad clock can never make a batch unparsable.
 */
export function tsvDateTime(timeMs: number): string {
  const s = Math.floor(timeMs / 1000);
  // Written so that NaN fails both comparisons and lands on the minimum.
  return String(s >= MIN_DATETIME_S ? (s <= MAX_DATETIME_S ? s : MAX_DATETIME_S) : MIN_DATETIME_S);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Returns `name` when it is a plain identifier (letters, digits, `_`), which needs no quoting on
 * any ClickHouse version; throws otherwise. Database and table names pass through this before
 * they are put into SQL text.
 */
export function sqlIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new RangeError(`${JSON.stringify(name)} is not a plain identifier (letters, digits and _, not first a digit)`);
  }
  return name;
}
