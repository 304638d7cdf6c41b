/**
 * Where the Broadband Forum schemas are: `PROVISIO_BBF_DIR`, else `shared/bbf` next to the
 * repository (the layout of the development machines). Tests that regenerate code or validate
 * against the XSDs need them; on a checkout without them those tests are skipped, loudly, and
 * everything else still runs on the checked-in `src/generated/`.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

export const BBF_DIR = process.env.PROVISIO_BBF_DIR ?? resolve(fileURLToPath(new URL('../../../shared/bbf/', import.meta.url)));

export const HAS_BBF = existsSync(join(BBF_DIR, 'cwmp-1-0.xsd')) && existsSync(join(BBF_DIR, 'tr-106-types.xml'));

if (!HAS_BBF) {
  process.stderr.write(`\nBroadband Forum schemas not found in ${BBF_DIR}: codegen and XSD tests are skipped (set PROVISIO_BBF_DIR).\n`);
}

/** `describe` when the schemas are present, `describe.skip` otherwise. */
export const describeWithBbf: typeof describe = HAS_BBF ? describe : (describe.skip as typeof describe);
