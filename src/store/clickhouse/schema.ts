/**
 * Reads the schema that operators see, ops/clickhouse/schema.sql, so that there is one source of
 * truth and no copy in code to keep equal.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sqlIdentifier } from './tsv.js';

/**
 * Location of the schema file. Three levels up is the repository root both from
 * src/store/clickhouse (tsx, vitest) and from dist/store/clickhouse (after `tsc`), so the file is
 * not copied into dist; a package of Provisio must ship ops/ next to dist/.
 */
export const SCHEMA_FILE = fileURLToPath(new URL('../../../ops/clickhouse/schema.sql', import.meta.url));

/**
 * Splits schema text into statements: full-line `--` comments dropped, `;` ends a statement,
 * `{database}` replaced. The file holds no string literal with `;` or `--`, which keeps this simple.
 */
export function splitSchema(text: string, database: string): string[] {
  const db = sqlIdentifier(database);
  const body = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
  return body
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => s.replaceAll('{database}', db));
}

/** The statements of {@link SCHEMA_FILE} for `database`, in order. */
export async function schemaStatements(database: string): Promise<string[]> {
  return splitSchema(await readFile(SCHEMA_FILE, 'utf8'), database);
}
