/**
 * `npm run codegen`: reads the Broadband Forum schemas in ../shared/bbf and writes src/generated/.
 * Options: `--bbf <dir>` and `--out <dir>` (the generated-up-to-date test writes to a temp dir).
 * The parameter registry generator is run when it is present (codegen/registry/generate-registry.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeCwmpCodec } from './cwmp/generate.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_BBF_DIR = resolve(ROOT, '..', 'shared', 'bbf');
export const DEFAULT_OUT_DIR = join(ROOT, 'src', 'generated');
const REGISTRY_GENERATOR = join(ROOT, 'codegen', 'registry', 'generate-registry.ts');

interface RegistryModule {
  generateRegistry(outDir: string): Promise<void>;
}

/** Writes every generated file under `outDir`; returns the CWMP files written. */
export async function generateAll(outDir = DEFAULT_OUT_DIR, bbfDir = DEFAULT_BBF_DIR): Promise<string[]> {
  const written = await writeCwmpCodec(bbfDir, outDir);
  if (existsSync(REGISTRY_GENERATOR)) {
    const registry = (await import(pathToFileURL(REGISTRY_GENERATOR).href)) as RegistryModule;
    await registry.generateRegistry(outDir);
  }
  return written;
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

if (process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const out = resolve(argument('--out') ?? DEFAULT_OUT_DIR);
  const bbf = resolve(argument('--bbf') ?? DEFAULT_BBF_DIR);
  generateAll(out, bbf).then(
    (files) => console.log(`codegen: wrote ${files.length} CWMP files under ${out}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
