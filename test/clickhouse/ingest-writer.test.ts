/**
 * IngestWriter against real ClickHouse 18.16 servers: the run's shared one for batching, and a
 * private one of this file that is killed and restarted for the outage cases.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { openClickHouse, type ClickHouseBackend } from '../../src/store/clickhouse/backend.js';
import type { IngestTable } from '../../src/store/clickhouse/ingest-sink.js';
import { IngestWriter, type IngestWriterOptions } from '../../src/store/clickhouse/ingest-writer.js';
import { encodeParameterValueRows, type ParameterValueRow } from '../../src/store/clickhouse/rows.js';
import { sqlString } from '../../src/store/clickhouse/tsv.js';
import { startClickHouse, type PrivateServer } from '../support/servers.js';
import { testDatabase } from './roundtrip-cases.js';

const database = testDatabase();
let shared: ClickHouseBackend;
let spare: PrivateServer;
let spareBackend: ClickHouseBackend;
let tmp: string;
const writers: IngestWriter[] = [];

/** Passes calls through to a real backend and records the rows of every insert. */
class Recording implements ClickHouseBackend {
  readonly inserts: number[] = [];
  constructor(readonly real: ClickHouseBackend) {}
  get description() {
    return this.real.description;
  }
  get database() {
    return this.real.database;
  }
  async insertTsv(table: IngestTable, tsv: string) {
    await this.real.insertTsv(table, tsv);
    this.inserts.push(tsv.split('\n').length - 1);
  }
  query<T>(sql: string) {
    return this.real.query<T>(sql);
  }
  command(sql: string) {
    return this.real.command(sql);
  }
  ping() {
    return this.real.ping();
  }
  close() {
    return this.real.close();
  }
}

function writer(options: Partial<IngestWriterOptions> & Pick<IngestWriterOptions, 'backend'>): IngestWriter {
  const w = new IngestWriter({
    batchRows: 1000,
    batchBytes: 1 << 20,
    flushIntervalMs: 60_000,
    maxHeldBytes: 1 << 20,
    spoolDir: join(tmp, 'spool'),
    retryBaseMs: 50,
    retryMaxMs: 200,
    closeGraceMs: 500,
    ...options,
  });
  writers.push(w);
  return w;
}

/** Pushes `n` single-row parameter batches for device `device`, each value `valueBytes` long. */
function pushRows(w: IngestWriter, device: string, n: number, valueBytes = 10): void {
  for (let i = 0; i < n; i++) {
    const row: ParameterValueRow = { timeMs: Date.now(), deviceId: device, sessionId: `s${i}`, source: 'gpv', path: 'Device.X', value: 'v'.repeat(valueBytes), type: 'xsd:string' };
    w.push(encodeParameterValueRows([row]));
  }
}

async function count(backend: ClickHouseBackend, device: string): Promise<number> {
  const [row] = await backend.query<{ n: string }>(`SELECT count() AS n FROM parameter_values WHERE device_id = ${sqlString(device)}`);
  return Number(row?.n);
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

const spoolFiles = async (dir: string) => (await readdir(dir)).filter((f) => f.endsWith('.tsv'));

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'provisio-ingest-test-'));
  const settings = { database, username: 'default', password: '' };
  shared = await openClickHouse({ clickhouse: { url: inject('clickhouseUrl'), ...settings }, dataDir: tmp });
  spare = await startClickHouse();
  spareBackend = await openClickHouse({ clickhouse: { url: spare.url, ...settings }, dataDir: tmp });
});

afterEach(async () => {
  await Promise.all(writers.splice(0).map((w) => w.close()));
  await rm(join(tmp, 'spool'), { recursive: true, force: true });
});

afterAll(async () => {
  await shared?.command(`DROP DATABASE IF EXISTS ${database}`);
  await Promise.all([shared?.close(), spareBackend?.close()]);
  await spare?.stop();
  await rm(tmp, { recursive: true, force: true });
});

describe('IngestWriter batching', () => {
  it('inserts a batch as soon as it reaches batchRows', async () => {
    const backend = new Recording(shared);
    const w = writer({ backend, batchRows: 10 });
    pushRows(w, 'rows', 25);
    await until(() => backend.inserts.length === 2);
    expect(w.stats().heldRows).toBe(5);
    await w.flush(5000);
    expect(backend.inserts).toEqual([10, 10, 5]);
    expect(await count(shared, 'rows')).toBe(25);
  });

  it('inserts a batch as soon as it reaches batchBytes', async () => {
    const backend = new Recording(shared);
    const w = writer({ backend, batchBytes: 1024 });
    pushRows(w, 'bytes', 7, 300); // about 350 bytes a row: a batch is full at its third row
    await until(() => backend.inserts.length === 2);
    expect(backend.inserts).toEqual([3, 3]);
    expect(w.stats().heldRows).toBe(1);
  });

  it('inserts a partial batch after flushIntervalMs without a flush() call', async () => {
    const backend = new Recording(shared);
    const w = writer({ backend, flushIntervalMs: 50 });
    pushRows(w, 'timer', 3);
    await until(() => w.stats().insertedRows === 3, 5000);
    expect(backend.inserts).toEqual([3]);
    expect(await count(shared, 'timer')).toBe(3);
  });

  it('sets a malformed batch aside under rejected/ and inserts the next ones', async () => {
    const w = writer({ backend: shared });
    w.push({ table: 'parameter_values', tsv: 'not a time\tx\n', rows: 1 });
    await w.flush(5000);
    pushRows(w, 'after-bad', 2);
    await w.flush(5000);
    expect(w.stats()).toMatchObject({ rejectedBatches: 1, insertedRows: 2, heldRows: 0 });
    expect(await spoolFiles(join(tmp, 'spool', 'rejected'))).toHaveLength(1);
    expect(await count(shared, 'after-bad')).toBe(2);
  });

  it('drops rows pushed after close() without throwing', async () => {
    const lines: string[] = [];
    const w = writer({ backend: shared, log: (line) => lines.push(line) });
    await w.close();
    expect(() => pushRows(w, 'late', 2)).not.toThrow();
    expect(lines).toEqual(['ingest: dropping 1 rows pushed after close()']);
    expect(w.stats().droppedRows).toBe(2);
  });

  it('drops a push whose text does not end a line, and inserts the others', async () => {
    const w = writer({ backend: shared, log: () => undefined });
    w.push({ table: 'parameter_values', tsv: '1700000000\tcut\ts\tgpv\tA\t1\txsd:int', rows: 1 });
    pushRows(w, 'whole', 2);
    await w.flush(5000);
    expect(w.stats()).toMatchObject({ droppedRows: 1, insertedRows: 2, rejectedBatches: 0 });
  });
});

describe('IngestWriter when ClickHouse is down', () => {
  it('holds rows, keeps accepting, and inserts them once the server is back', async () => {
    await spare.kill();
    const w = writer({ backend: spareBackend, batchRows: 20 });
    const started = performance.now();
    pushRows(w, 'outage', 100);
    expect(performance.now() - started).toBeLessThan(100); // push() never waits on ClickHouse
    await until(() => w.stats().failedInserts >= 3);
    expect(w.stats()).toMatchObject({ heldRows: 100, insertedRows: 0 });
    expect(w.stats().lastError).toMatch(/^ClickHouse at http:\/\/127\.0\.0\.1:\d+ did not answer/);
    pushRows(w, 'outage', 50);
    await spare.restart();
    await w.flush(20_000);
    expect(w.stats()).toMatchObject({ heldRows: 0, insertedRows: 150 });
    expect(await count(spareBackend, 'outage')).toBe(150);
  });

  it('spills past maxHeldBytes to spool files that a new writer replays', async () => {
    await spare.kill();
    const spoolDir = join(tmp, 'spool');
    const first = writer({ backend: spareBackend, batchRows: 10, maxHeldBytes: 2048, spoolDir });
    pushRows(first, 'spool', 200, 100); // ~27 kB in 20 batches
    // Memory comes back under the limit (plus the batch in flight, about 1.4 kB) by spilling.
    await until(() => first.stats().heldBytes <= 2048 + 1500);
    expect(first.stats().spooledFiles).toBeGreaterThanOrEqual(17);
    await first.close(); // ClickHouse still down: everything left goes to the spool
    expect(first.stats()).toMatchObject({ heldRows: 0, insertedRows: 0 });
    expect(await spoolFiles(spoolDir)).toHaveLength(20);

    await spare.restart();
    const second = writer({ backend: spareBackend, spoolDir });
    await second.start();
    await second.flush(20_000);
    expect(second.stats()).toMatchObject({ insertedRows: 200, spooledFiles: 0 });
    expect(await spoolFiles(spoolDir)).toEqual([]);
    expect(await count(spareBackend, 'spool')).toBe(200);
  });

  it('rejects flush() after its timeout with the reason, keeping the rows', async () => {
    await spare.kill();
    const w = writer({ backend: spareBackend });
    pushRows(w, 'timeout', 5);
    await expect(w.flush(300)).rejects.toMatchObject({ code: 'PRV_ERR_INGEST_FLUSH_TIMEOUT' });
    expect(w.stats().heldRows).toBe(5);
    await spare.restart();
    await w.flush(20_000);
    expect(await count(spareBackend, 'timeout')).toBe(5);
  });
});
