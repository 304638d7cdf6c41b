import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openClickHouse, type ClickHouseBackend } from '../../src/store/clickhouse/backend.js';
import { openServerBackend } from '../../src/store/clickhouse/server-backend.js';
import { freePort } from '../support/servers.js';
import { roundTripCases, testDatabase } from './roundtrip-cases.js';

const url = inject('clickhouseUrl');
const database = testDatabase();
let backend: ClickHouseBackend;

beforeAll(async () => {
  backend = await openClickHouse({ clickhouse: { url, database, username: 'default', password: '' }, dataDir: '/nonexistent' });
});

afterAll(async () => {
  await backend?.command(`DROP DATABASE IF EXISTS ${database}`);
  await backend?.close();
});

describe('ClickHouse server backend', () => {
  it('describes itself by URL and database', () => {
    expect(backend.description).toBe(`ClickHouse server ${url}/${database}`);
  });

  roundTripCases(() => backend);

  it('names the URL and the settings to check when nobody listens', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const error = openServerBackend({ url: dead, database, username: 'default', password: '' });
    await expect(error).rejects.toMatchObject({ code: 'PRV_ERR_CLICKHOUSE_UNREACHABLE' });
    await expect(error).rejects.toThrow(`ClickHouse at ${dead} did not answer`);
  });

  it('names the user and the settings to check when credentials are refused', async () => {
    const error = openServerBackend({ url, database, username: 'nobody', password: 'secret' });
    await expect(error).rejects.toMatchObject({ code: 'PRV_ERR_CLICKHOUSE_AUTH' });
    await expect(error).rejects.toThrow(/refused user nobody .*check clickhouse\.username and clickhouse\.password/);
  });

  it('keeps credentials of the URL out of the description', async () => {
    const withUser = url.replace('http://', 'http://default:@');
    const b = await openServerBackend({ url: withUser, database, username: 'default', password: '' });
    expect(b.description).toBe(`ClickHouse server ${url}/${database}`);
    await b.close();
  });
});
