import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalStore, type LocalSessionStore } from '../../src/store/local/local-store.js';
import { StoreUnavailableError } from '../../src/store/session-store.js';
import { describeSessionStoreContract, device, task } from './session-store.contract.js';

describeSessionStoreContract('local', () => openLocalStore());

describe('local store snapshot', () => {
  let dir: string;
  let file: string;
  const open: LocalSessionStore[] = [];
  const openAt = async (): Promise<LocalSessionStore> => {
    const store = await openLocalStore({ snapshotFile: file });
    open.push(store);
    return store;
  };
  const D = '00D09E-Snap-SN1';
  const update = { sessionTtlMs: 60_000, taskResultTtlMs: 60_000 };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'provisio-local-store-'));
    file = join(dir, 'nested', 'local-store.json');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close().catch(() => undefined)));
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a queued task across a crash right after enqueueTask resolved', async () => {
    const first = await openAt();
    await first.enqueueTask(task(D, 't1'));
    // No close: the process "crashes" here; enqueueTask must already have written the task.
    const second = await openAt();
    const opened = await second.openSession(D, 's1', 60_000, 60_000);
    expect(opened.ok && opened.pendingTasks).toEqual([task(D, 't1')]);
  });

  it('keeps devices and task results across close and reopen, but not sessions', async () => {
    const first = await openAt();
    await first.enqueueTask(task(D, 't1'));
    await first.enqueueTask(task(D, 't2'));
    await first.openSession(D, 's1', 60_000, 60_000);
    const done = { ...task(D, 't1'), status: 'done' as const, completedMs: 5, result: { parameterValues: [] } };
    await first.saveSession(D, 's1', { ...update, state: Uint8Array.of(1), device: device(D, 1_000), completedTask: done });
    await first.close();
    const second = await openAt();
    expect(await second.getDevice(D)).toEqual(device(D, 1_000));
    expect(await second.getTask(D, 't1')).toEqual(done);
    expect(await second.sessionExists(D, 's1')).toBe(false);
    const opened = await second.openSession(D, 's2', 60_000, 60_000);
    expect(opened.ok && opened.pendingTasks.map((t) => t.id)).toEqual(['t2']);
  });

  it('writes the snapshot atomically, leaving no temporary file', async () => {
    const store = await openAt();
    await store.enqueueTask(task(D, 't1'));
    await store.close();
    expect(await readdir(join(dir, 'nested'))).toEqual(['local-store.json']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1, queues: { [D]: ['t1'] } });
  });

  it('refuses to open a damaged snapshot, naming the file', async () => {
    const store = await openAt();
    await store.enqueueTask(task(D, 't1'));
    await store.close();
    await writeFile(file, '{"version":1,"devi');
    await expect(openLocalStore({ snapshotFile: file })).rejects.toThrow(file);
  });

  it('rejects calls after close with StoreUnavailableError', async () => {
    const store = await openAt();
    await store.close();
    await expect(store.loadSession(D, 's1', 1_000)).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('rejects enqueueTask with StoreUnavailableError when the snapshot cannot be written', async () => {
    const store = await openAt();
    // A plain file where the snapshot's folder should be: every write fails.
    await writeFile(join(dir, 'nested'), 'not a folder');
    const error = await store.enqueueTask(task(D, 't1')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toContain(file);
    expect(await store.getTask(D, 't1')).toBeNull();
  });
});
