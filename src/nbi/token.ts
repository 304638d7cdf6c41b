/**
 * The northbound API's bearer token: from the configuration, or generated once into the data
 * folder (file mode 0600) so an embedded install is protected from its first start.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface NbiToken {
  token: string;
  /** True when this start generated it: the banner prints it this once. */
  generated: boolean;
  /** Where it is stored, when it came from the data folder. */
  file: string | undefined;
}

export async function resolveNbiToken(configured: string | undefined, dataDir: string): Promise<NbiToken> {
  if (configured !== undefined) return { token: configured, generated: false, file: undefined };
  const file = join(dataDir, 'nbi-token');
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored !== '') return { token: stored, generated: false, file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = randomBytes(32).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return { token, generated: true, file };
}

/** Compares in constant time (on digests, so lengths leak nothing either). */
export function createTokenCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = createHash('sha256').update(token).digest();
  return (authorization) => {
    // The scheme name is case-insensitive (RFC 9110).
    if (authorization === undefined || authorization.slice(0, 7).toLowerCase() !== 'bearer ') return false;
    const given = createHash('sha256').update(authorization.slice(7).trim()).digest();
    return timingSafeEqual(given, expected);
  };
}
