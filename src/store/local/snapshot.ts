/**
 * The local store's snapshot file: devices and tasks (not sessions, which die with the process
 * anyway) as one JSON document, replaced atomically (temporary file, fsync, rename) so that a
 * crash mid-write leaves the previous snapshot intact.
 */
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StoreUnavailableError, type DeviceRecord, type TaskRecord } from '../session-store.js';

export const SNAPSHOT_VERSION = 1;

/** What the file holds. `expiresMs` null: a pending task, kept until it is answered. */
export interface Snapshot {
  version: typeof SNAPSHOT_VERSION;
  savedMs: number;
  devices: DeviceRecord[];
  tasks: { record: TaskRecord; expiresMs: number | null }[];
  /** Pending task ids per device, oldest first. */
  queues: Record<string, string[]>;
}

/** Reads a snapshot; null when the file does not exist yet. Throws with the file's name when it is unreadable. */
export async function readSnapshot(file: string): Promise<Snapshot | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`Cannot read the local store snapshot ${file}: ${(err as Error).message}`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${unreadable(file)}: ${(err as Error).message}`, { cause: err });
  }
  const s = parsed as Partial<Snapshot> | null;
  if (s === null || typeof s !== 'object' || s.version !== SNAPSHOT_VERSION || !Array.isArray(s.devices) || !Array.isArray(s.tasks) || s.queues === null || typeof s.queues !== 'object') {
    throw new Error(`${unreadable(file)}: not a version ${SNAPSHOT_VERSION} snapshot`);
  }
  return s as Snapshot;
}

// Queued tasks are in the file: refusing to start is better than starting empty and dropping them.
const unreadable = (file: string): string =>
  `The local store snapshot ${file} is damaged; move it away to start with an empty store (its queued tasks are then lost), or restore it from a backup`;

let tmpCounter = 0;

/** Writes the snapshot next to its final name, flushes it to disk, then renames it over the old one. */
export async function writeSnapshot(file: string, json: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(json, 'utf8');
    // Without fsync a power cut after the rename can leave an empty file under the final name.
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/** Keeps the snapshot file up to date with the store: see {@link snapshotWriter}. */
export interface SnapshotWriter {
  /** Notes a change to write with the next timed write. */
  changed(): void;
  /** Resolves once everything changed before the call is on disk; rejects with StoreUnavailableError naming the file. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left. */
  close(): Promise<void>;
}

const noop = (): void => undefined;

/**
 * Writes `render()` to `file` every `intervalMs` when something changed, and on demand. Group
 * commit: one write at a time, and every flush asked for during a write shares the next one, so a
 * burst of enqueued tasks costs two writes, not one each.
 */
export function snapshotWriter(file: string | undefined, render: () => string, intervalMs: number): SnapshotWriter {
  let dirty = false;
  let writing: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  function startWrite(target: string): Promise<void> {
    dirty = false;
    const write: Promise<void> = writeSnapshot(target, render()).then(
      () => {
        if (writing === write) writing = undefined;
      },
      (err: Error) => {
        if (writing === write) writing = undefined;
        dirty = true;
        throw new StoreUnavailableError(`cannot write the local store snapshot ${target} (${err.message}); check that the data folder is writable and has space`, { cause: err });
      },
    );
    writing = write;
    return write;
  }

  function flush(): Promise<void> {
    if (file === undefined) return Promise.resolve();
    if (queued !== undefined) return queued;
    if (writing === undefined) return startWrite(file);
    const next = writing.then(noop, noop).then(() => {
      queued = undefined;
      return startWrite(file);
    });
    queued = next;
    return next;
  }

  // Unref'd: the store must never be what keeps a finished process alive. A failed timed write
  // leaves the store dirty, so the next tick tries again.
  const timer = file === undefined ? undefined : setInterval(() => {
    if (dirty) flush().catch(noop);
  }, intervalMs).unref();

  return {
    changed(): void {
      dirty = true;
    },
    flush,
    async close(): Promise<void> {
      clearInterval(timer);
      if (dirty) await flush();
      else await (queued ?? writing)?.catch(noop);
    },
  };
}
