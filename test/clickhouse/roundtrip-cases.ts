/**
 * Round-trip checks shared by the server and the chDB test files: the same rows and literals must
 * come back unchanged from both engines.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { createSchema, type ClickHouseBackend } from '../../src/store/clickhouse/backend.js';
import { encodeParameterValueRows, encodeSessionRows, type ParameterValueRow, type SessionRow } from '../../src/store/clickhouse/rows.js';
import { sqlString } from '../../src/store/clickhouse/tsv.js';

/** A database name of its own for each test file. */
export function testDatabase(): string {
  return `prv_test_${randomBytes(4).toString('hex')}`;
}

/** Strings that break naive TSV or SQL escaping. Lone surrogates are left out: UTF-8 cannot carry them. */
export const HOSTILE = [
  '',
  'plain',
  'tab\there',
  'line\nfeed',
  'carriage\rreturn\r\n',
  'nul\0byte',
  "single'quote",
  'double"quote',
  'back\\slash',
  'literal \\t and \\n',
  'ends with backslash\\',
  "\\'",
  "['a','b']",
  'é ü 中文 🚀 \u2028 \u00a0 \ufeff',
  '\x01\x02\x1b\x7f\b\f\v',
  "a\tb\nc\\d'e\0f\r",
  'x'.repeat(100_000),
];

/** Declares the round-trip tests; `backend()` returns the backend opened by the file's beforeAll. */
export function roundTripCases(backend: () => ClickHouseBackend): void {
  it('creates the schema again without error (idempotent)', async () => {
    await createSchema(backend());
    await createSchema(backend());
    const db = sqlString(backend().database);
    const tables = await backend().query<{ name: string }>(`SELECT name FROM system.tables WHERE database = ${db} ORDER BY name`);
    expect(tables.map((t) => t.name)).toEqual(['parameter_values', 'sessions']);
  });

  it('reads back hostile strings unchanged through SQL literals', async () => {
    for (const s of HOSTILE) {
      const [row] = await backend().query<{ s: string }>(`SELECT ${sqlString(s)} AS s`);
      expect(row?.s).toBe(s);
    }
  });

  it('stores session rows with hostile strings and events unchanged', async () => {
    const rows: SessionRow[] = HOSTILE.map((s, i) => ({
      timeMs: 1_700_000_000_000 + i * 1000,
      sessionId: `s-${i}`,
      deviceId: s,
      oui: s.slice(0, 6),
      productClass: s,
      serialNumber: `${i}${s}`,
      softwareVersion: s,
      events: i === 0 ? [] : [s, '0 BOOTSTRAP', s],
      remoteAddress: s,
      node: s,
    }));
    await backend().insertTsv('sessions', encodeSessionRows(rows).tsv);
    const back = await backend().query<Record<string, unknown>>(
      'SELECT toUInt32(time) AS t, session_id, device_id, oui, product_class, serial_number, software_version, events, remote_address, node ' +
        `FROM sessions WHERE session_id LIKE 's-%' ORDER BY t`,
    );
    expect(back).toEqual(
      rows.map((r) => ({
        t: Math.floor(r.timeMs / 1000),
        session_id: r.sessionId,
        device_id: r.deviceId,
        oui: r.oui,
        product_class: r.productClass,
        serial_number: r.serialNumber,
        software_version: r.softwareVersion,
        events: r.events,
        remote_address: r.remoteAddress,
        node: r.node,
      })),
    );
  });

  it('stores parameter value rows with hostile strings unchanged', async () => {
    const rows: ParameterValueRow[] = HOSTILE.map((s, i) => ({
      timeMs: 1_700_000_100_000,
      deviceId: i % 2 === 0 ? 'dev-even' : s,
      sessionId: `p-${String(i).padStart(3, '0')}`,
      source: i % 3 === 0 ? 'gpv' : 'inform',
      path: `Device.X_${i}.${s}`,
      value: s,
      type: s,
    }));
    await backend().insertTsv('parameter_values', encodeParameterValueRows(rows).tsv);
    const back = await backend().query<Record<string, unknown>>(
      `SELECT toUInt32(time) AS t, device_id, session_id, source, path, value, type FROM parameter_values ORDER BY session_id`,
    );
    expect(back).toEqual(
      rows.map((r) => ({ t: 1_700_000_100, device_id: r.deviceId, session_id: r.sessionId, source: r.source, path: r.path, value: r.value, type: r.type })),
    );
  });

  it('refuses malformed rows as PRV_ERR_CLICKHOUSE_BAD_ROWS', async () => {
    await expect(backend().insertTsv('parameter_values', 'not a time\tx\n')).rejects.toMatchObject({ code: 'PRV_ERR_CLICKHOUSE_BAD_ROWS' });
  });

  it('answers ping and quotes 64-bit integers as strings', async () => {
    await backend().ping();
    expect(await backend().query('SELECT toUInt64(1) AS n')).toEqual([{ n: '1' }]);
  });
}
