import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_FILE, schemaStatements } from '../../src/store/clickhouse/schema.js';
import { Spool } from '../../src/store/clickhouse/spool.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provisio-spool-test-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Spool', () => {
  it('lists written batches oldest first, with their table and rows', async () => {
    const spool = new Spool(dir);
    await spool.open();
    const a = await spool.write('sessions', 2, 'a\nb\n');
    const b = await spool.write('parameter_values', 1, 'c\n');
    const listed = await new Spool(dir).open();
    expect(listed).toEqual([a, b]);
    expect(listed.map((f) => [f.table, f.rows])).toEqual([['sessions', 2], ['parameter_values', 1]]);
    expect(await spool.read(a)).toBe('a\nb\n');
  });

  it('keeps the complete lines of an interrupted write and drops an empty one', async () => {
    const spool = new Spool(dir);
    await spool.open();
    await writeFile(join(dir, '000001700000000-000001-parameter_values-3.tsv.tmp'), 'one\ntwo\nthr');
    await writeFile(join(dir, '000001700000000-000002-sessions-1.tsv.tmp'), 'partial');
    const [salvaged, ...rest] = await spool.open();
    expect(rest).toEqual([]);
    expect(salvaged).toMatchObject({ table: 'parameter_values', rows: 2 });
    expect(await spool.read(salvaged!)).toBe('one\ntwo\n');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves files it did not write alone', async () => {
    await writeFile(join(dir, 'notes.tsv.tmp'), 'x\n');
    await writeFile(join(dir, 'other.tsv'), 'y\n');
    expect(await new Spool(dir).open()).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['notes.tsv.tmp', 'other.tsv', 'rejected']);
  });

  it('moves a refused batch under rejected/ and ignores a delete of a missing file', async () => {
    const spool = new Spool(dir);
    await spool.open();
    const file = await spool.write('sessions', 1, 'bad\n');
    const where = await spool.reject('sessions', 1, file);
    expect(await readFile(where, 'utf8')).toBe('bad\n');
    expect(await new Spool(dir).open()).toEqual([]);
    await expect(spool.remove(file)).resolves.toBeUndefined();
  });
});

describe('schema file', () => {
  it('is ops/clickhouse/schema.sql, three levels above the module in src/ and in dist/ alike', async () => {
    expect(SCHEMA_FILE).toBe(new URL('../../ops/clickhouse/schema.sql', import.meta.url).pathname);
    // dist/store/clickhouse mirrors src/store/clickhouse only while tsc maps src to dist.
    const tsconfig = JSON.parse(await readFile(new URL('../../tsconfig.json', import.meta.url), 'utf8')) as {
      compilerOptions: { rootDir: string; outDir: string };
    };
    expect(tsconfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
  });

  it('creates the database and the two tables, in that order', async () => {
    const statements = await schemaStatements('prv_x');
    expect(statements.map((s) => s.split('\n')[0])).toEqual([
      'CREATE DATABASE IF NOT EXISTS prv_x',
      'CREATE TABLE IF NOT EXISTS prv_x.sessions',
      'CREATE TABLE IF NOT EXISTS prv_x.parameter_values',
    ]);
  });
});
