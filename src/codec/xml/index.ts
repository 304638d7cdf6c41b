/**
 * The XML layer of the codec: two tokenizers behind one event interface (xml-events.ts), the
 * name tables that codegen's decoders match element names with, and the charset step before both.
 */
import { fastTokenizer } from './fast-tokenizer.js';
import { saxTokenizer } from './sax-tokenizer.js';
import type { XmlTokenizer } from './xml-events.js';

export { prepareBody, charsetOf } from './charset.js';
export { createNameTable } from './name-table.js';
export { fastTokenizer } from './fast-tokenizer.js';
export { saxTokenizer } from './sax-tokenizer.js';
export * from './xml-events.js';

/** The tokenizer a configuration names: 'fast' (the default path) or 'sax' (the reference). */
export function tokenizerByName(name: 'fast' | 'sax'): XmlTokenizer {
  return name === 'sax' ? saxTokenizer : fastTokenizer;
}
