/**
 * The few string helpers the encoder writes XML with: escaping and leaf elements.
 *
 * Escaping first runs one precompiled regex test, so the common value (a plain name, a number, a
 * version string) is returned as is without allocating.
 *
 * Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF)
 * are replaced with U+FFFD, not rejected: the encoder answers a CPE on the hot path and must not
 * throw over a stored value; inputs are validated where they enter (the northbound API). Even a
 * character reference like `&#1;` is illegal in XML 1.0, so replacing is the only faithful-enough
 * option. Lone UTF-16 surrogates become U+FFFD when the string is encoded to UTF-8.
 */

// One class per use: text content needs & < > (and quotes, escaped everywhere for simplicity) plus
// CR, which parsers would otherwise normalise to LF; attributes also need tab and LF, which
// attribute-value normalisation would turn into spaces.
const FORBIDDEN = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF';
const TEXT_SPECIAL = new RegExp(`[&<>"'\\r${FORBIDDEN}]`);
const TEXT_SPECIAL_ALL = new RegExp(TEXT_SPECIAL.source, 'g');
const ATTRIBUTE_SPECIAL = new RegExp(`[&<>"'\\t\\n\\r${FORBIDDEN}]`);
const ATTRIBUTE_SPECIAL_ALL = new RegExp(ATTRIBUTE_SPECIAL.source, 'g');

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function escapeChar(c: string): string {
  return ESCAPES[c] ?? '\uFFFD';
}

/** Escapes character data for element content; forbidden control characters become U+FFFD. */
export function escapeText(value: string): string {
  return TEXT_SPECIAL.test(value) ? value.replace(TEXT_SPECIAL_ALL, escapeChar) : value;
}

/** Escapes an attribute value (for double or single quotes); forbidden characters become U+FFFD. */
export function escapeAttribute(value: string): string {
  return ATTRIBUTE_SPECIAL.test(value) ? value.replace(ATTRIBUTE_SPECIAL_ALL, escapeChar) : value;
}

/** `<name>text</name>` with the text escaped; `name` is trusted (the encoder's own constants). */
export function leaf(name: string, text: string): string {
  return `<${name}>${escapeText(text)}</${name}>`;
}

/** `<name>n</name>` for a number the encoder already holds as one (no escaping needed). */
export function numberLeaf(name: string, value: number): string {
  return `<${name}>${value}</${name}>`;
}
