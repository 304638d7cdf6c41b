/** The tokenizers the decoder can run on, and the name table of the generated decoders. */
import { CWMP_NAMES } from '../generated/cwmp/names.js';
import { createNameTable, tokenizerByName, type NameTable, type XmlTokenizer } from './xml/index.js';

export type TokenizerName = 'fast' | 'sax';

/** The name table built once from the generated list; name ids are indexes into CWMP_NAMES. */
export const CWMP_NAME_TABLE: NameTable = createNameTable(CWMP_NAMES);

export function tokenizerNamed(name: TokenizerName): XmlTokenizer {
  return tokenizerByName(name);
}
