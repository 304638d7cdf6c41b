import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../../codegen/registry/generate-registry.js';
import { describeWithBbf } from '../support/bbf.js';

const CHECKED_IN = new URL('../../src/generated/registry/', import.meta.url);
const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function generateInto(): Promise<Map<string, Buffer>> {
  const dir = await mkdtemp(join(tmpdir(), 'provisio-registry-'));
  temps.push(dir);
  await generateRegistry(dir);
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(join(dir, 'registry'))).sort()) files.set(name, await readFile(join(dir, 'registry', name)));
  return files;
}

describeWithBbf('generateRegistry', () => {
  it('writes identical bytes on every run, equal to the checked-in files', async () => {
    const [first, second] = await Promise.all([generateInto(), generateInto()]);
    expect([...first.keys()]).toEqual(['data.ts', 'format.ts']);
    for (const [name, bytes] of first) {
      expect(second.get(name)?.equals(bytes), `${name} differs between runs`).toBe(true);
      const checkedIn = await readFile(new URL(name, CHECKED_IN)).catch(() => undefined);
      expect(checkedIn?.equals(bytes), `src/generated/registry/${name} is stale: run npm run codegen`).toBe(true);
    }
  }, 60_000);

  it('heads each file with DO NOT EDIT and a regenerate command that exists', async () => {
    const scripts = (JSON.parse(await readFile(PACKAGE_JSON, 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const name of await readdir(CHECKED_IN)) {
      const head = (await readFile(new URL(name, CHECKED_IN), 'utf8')).slice(0, 400);
      expect(head, name).toContain('DO NOT EDIT');
      const command = /`npm run ([\w:-]+)`/.exec(head)?.[1];
      expect(command, name).toBeDefined();
      expect(scripts[command ?? ''], `package.json has no "${command ?? ''}" script`).toBeDefined();
    }
  });
});
