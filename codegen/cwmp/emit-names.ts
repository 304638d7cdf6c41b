/** Emits `names.ts`: the sorted name table the tokenizer matches local names against. */
import type { CwmpModel } from './model.js';
import { allNames, HEADER } from './naming.js';

export function emitNames(model: CwmpModel): string {
  const names = allNames(model);
  const out = [HEADER, '/** Every element local name a CWMP decoder knows, sorted; a name id indexes this list. */'];
  out.push(`export const CWMP_NAMES: readonly string[] = [\n${names.map((n) => `  '${n}',`).join('\n')}\n];`, '');
  out.push('/** Name id of each known local name. */');
  out.push(`export const NAME_ID = {\n${names.map((n, i) => `  ${n}: ${i},`).join('\n')}\n} as const;`, '');
  return out.join('\n');
}
