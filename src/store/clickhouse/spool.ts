/**
 * Spool files of the ingest writer: one file per batch of TabSeparated lines that ClickHouse could
 * not take yet, replayed oldest first. A file is written under a `.tmp` name and renamed when
 * complete, so a finished name always holds whole lines; a `.tmp` left by a crash is cut back to
 * its last complete line and kept.
 *
 * The folder belongs to one process: two writers replaying the same files would insert them twice.
 */
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IngestTable } from './ingest-sink.js';

/** One batch on disk. */
export interface SpoolFile {
  readonly path: string;
  readonly table: IngestTable;
  readonly rows: number;
}

/** `<time ms, 15 digits>-<sequence, 6 digits>-<table>-<rows>.tsv`: names sort oldest first. */
const NAME = /^(\d{15})-(\d{6})-(sessions|parameter_values)-(\d+)\.tsv$/;

/** Files of one spool folder, and its `rejected/` subfolder for batches ClickHouse refused as malformed. */
export class Spool {
  readonly dir: string;
  readonly rejectedDir: string;
  #sequence = 0;

  constructor(dir: string) {
    this.dir = dir;
    this.rejectedDir = join(dir, 'rejected');
  }

  #name(table: IngestTable, rows: number): string {
    this.#sequence = (this.#sequence + 1) % 1_000_000;
    return `${String(Date.now()).padStart(15, '0')}-${String(this.#sequence).padStart(6, '0')}-${table}-${rows}.tsv`;
  }

  /** Creates the folders and lists the batches left there, oldest first. */
  async open(): Promise<SpoolFile[]> {
    await mkdir(this.rejectedDir, { recursive: true });
    const names = (await readdir(this.dir)).sort();
    const files: SpoolFile[] = [];
    for (const name of names) {
      if (name.endsWith('.tsv.tmp')) {
        const salvaged = await this.#salvage(name);
        if (salvaged) files.push(salvaged);
        continue;
      }
      const m = NAME.exec(name);
      if (m) files.push({ path: join(this.dir, name), table: m[3] as IngestTable, rows: Number(m[4]) });
    }
    return files;
  }

  /** Writes one batch; resolves once the file is complete under its final name. */
  async write(table: IngestTable, rows: number, tsv: string): Promise<SpoolFile> {
    const path = join(this.dir, this.#name(table, rows));
    await writeFile(path + '.tmp', tsv);
    await rename(path + '.tmp', path);
    return { path, table, rows };
  }

  read(file: SpoolFile): Promise<string> {
    return readFile(file.path, 'utf8');
  }

  /** Deletes a batch that ClickHouse accepted; a file already gone is not an error. */
  async remove(file: SpoolFile): Promise<void> {
    await unlink(file.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  /** Keeps a refused batch under `rejected/` for an operator, and returns where. */
  async reject(table: IngestTable, rows: number, tsv: string | SpoolFile): Promise<string> {
    const path = join(this.rejectedDir, this.#name(table, rows));
    if (typeof tsv === 'string') await writeFile(path, tsv);
    else await rename(tsv.path, path);
    return path;
  }

  /** Keeps the complete lines of a file whose write was interrupted. */
  async #salvage(name: string): Promise<SpoolFile | undefined> {
    const m = NAME.exec(name.slice(0, -'.tmp'.length));
    if (!m) return undefined; // not ours: leave it alone
    const tmp = join(this.dir, name);
    const text = await readFile(tmp, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    if (end === 0) {
      await unlink(tmp);
      return undefined;
    }
    let rows = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) rows++;
    const path = join(this.dir, this.#name(m[3] as IngestTable, rows));
    await writeFile(path, text.slice(0, end));
    await unlink(tmp);
    return { path, table: m[3] as IngestTable, rows };
  }
}
