/**
 * The check CI relies on: regenerating from ../shared/bbf gives src/generated/ byte for byte, and
 * every generated file says which command made it and not to edit it. Update with `npm run codegen`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OUT_DIR, generateAll } from '../../codegen/main.js';
import { describeWithBbf } from '../support/bbf.js';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out.sort();
}

describeWithBbf('src/generated', () => {
  let fresh: string;

  beforeAll(async () => {
    fresh = mkdtempSync(join(tmpdir(), 'provisio-codegen-'));
    await generateAll(fresh);
  }, 120_000);

  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  it('holds exactly the files codegen writes', () => {
    const committed = filesUnder(DEFAULT_OUT_DIR).map((f) => relative(DEFAULT_OUT_DIR, f));
    const regenerated = filesUnder(fresh).map((f) => relative(fresh, f));
    expect(committed, 'src/generated/ is stale: run `npm run codegen` and commit the result').toEqual(regenerated);
  });

  it('is byte-equal to a fresh regeneration', () => {
    for (const file of filesUnder(fresh)) {
      const name = relative(fresh, file);
      const committed = readFileSync(join(DEFAULT_OUT_DIR, name));
      expect(committed.equals(readFileSync(file)), `src/generated/${name} differs from a fresh \`npm run codegen\`: regenerate and commit`).toBe(true);
    }
  });

  it('heads every generated file with `npm run codegen` and DO NOT EDIT', () => {
    for (const file of filesUnder(DEFAULT_OUT_DIR)) {
      const head = readFileSync(file, 'utf8').slice(0, 300);
      expect(head, relative(DEFAULT_OUT_DIR, file)).toContain('npm run codegen');
      expect(head, relative(DEFAULT_OUT_DIR, file)).toContain('DO NOT EDIT');
    }
  });

  it('names a command that exists in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.codegen).toBe('tsx codegen/main.ts');
  });

  it('writes the same bytes twice in a row (no timestamps, stable order)', async () => {
    const again = mkdtempSync(join(tmpdir(), 'provisio-codegen-'));
    try {
      await generateAll(again);
      for (const file of filesUnder(fresh)) expect(readFileSync(join(again, relative(fresh, file))).equals(readFileSync(file))).toBe(true);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  }, 120_000);
});
