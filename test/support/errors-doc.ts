/**
 * Renders docs/errors.md from the error catalogue. `npm run docs:errors` rewrites the file; a test
 * fails when the file and the catalogue differ.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERRORS } from '../../src/errors/codes.js';

export const ERRORS_DOC = fileURLToPath(new URL('../../docs/errors.md', import.meta.url));

export function renderErrorsDoc(): string {
  const rows = Object.values(ERRORS)
    .map((e) => `| \`${e.code}\` | ${e.httpStatus} | ${'cwmpFault' in e ? e.cwmpFault : ''} | ${e.message.replace(/\|/g, '\\|')} |`)
    .sort();
  return [
    '# Provisio error codes',
    '',
    'Every error Provisio reports carries one of these codes (in the `X-Provisio-Error` header of CWMP',
    'answers and in `error.code` of northbound API answers). `{name}` marks a detail filled in at run time.',
    'Generated from `src/errors/codes.ts` by `npm run docs:errors`.',
    '',
    '| Code | HTTP | CWMP fault | Message |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  writeFileSync(ERRORS_DOC, renderErrorsDoc());
}
