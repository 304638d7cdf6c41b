/**
 * chDB backend. chDB binds one data folder per process, and vitest runs each test file in its own
 * process, so this file opens one folder only (the refused second folder included).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClickHouse, type ClickHouseBackend } from '../../src/store/clickhouse/backend.js';
import { openChdbBackend } from '../../src/store/clickhouse/chdb-backend.js';
import { encodeParameterValueRows } from '../../src/store/clickhouse/rows.js';
import { IngestWriter } from '../../src/store/clickhouse/ingest-writer.js';
import { roundTripCases, testDatabase } from './roundtrip-cases.js';

const database = testDatabase();
let dataDir: string;
let backend: ClickHouseBackend;
const config = () => ({ clickhouse: { url: undefined, database, username: 'default', password: '' }, dataDir });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'provisio-chdb-test-'));
  backend = await openClickHouse(config());
});

afterAll(async () => {
  await backend?.command(`DROP DATABASE IF EXISTS ${database} SYNC`);
  await backend?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('chDB backend', () => {
  it('lives under <dataDir>/clickhouse', () => {
    expect(backend.description).toBe(`chDB at ${join(dataDir, 'clickhouse')} (database ${database})`);
  });

  roundTripCases(() => backend);

  it('refuses a second data folder in the same process, saying why', async () => {
    const other = openChdbBackend({ path: join(dataDir, 'other'), database });
    await expect(other).rejects.toMatchObject({ code: 'PRV_ERR_CHDB_OPEN' });
    await expect(other).rejects.toThrow(/one process may use a data folder/);
  });

  it('takes batches from the ingest writer', async () => {
    const writer = new IngestWriter({
      backend,
      batchRows: 100,
      batchBytes: 1 << 20,
      flushIntervalMs: 60_000,
      maxHeldBytes: 1 << 20,
      spoolDir: join(dataDir, 'spool'),
    });
    for (let i = 0; i < 250; i++) {
      writer.push(
        encodeParameterValueRows([
          { timeMs: 1_700_000_000_000, deviceId: 'w', sessionId: `w-${i}`, source: 'gpv', path: 'Device.A', value: `${i}`, type: 'xsd:int' },
        ]),
      );
    }
    await writer.flush(10_000);
    await writer.close();
    expect(writer.stats()).toMatchObject({ insertedRows: 250, heldRows: 0, failedInserts: 0 });
    expect(await backend.query(`SELECT count() AS n FROM parameter_values WHERE device_id = 'w'`)).toEqual([{ n: '250' }]);
  });

  it('keeps the data when the folder is opened again', async () => {
    await backend.close();
    backend = await openClickHouse(config());
    expect(await backend.query(`SELECT count() AS n FROM parameter_values WHERE device_id = 'w'`)).toEqual([{ n: '250' }]);
  });
});
