/**
 * The `provisio` command as operators run it: help, the refusal to run on uWebSockets.js's slow
 * fallback, and a graceful shutdown that lets a running session finish and flushes its rows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { freePort } from '../support/servers.js';
import { TestCpe } from '../support/test-cpe.js';
import { uniqueName } from '../support/provisio.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function run(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function collect(child: ChildProcess): { out: () => string; exit: Promise<number | null> } {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { out: () => out, exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

describe('the provisio command', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('prints its usage for --help', async () => {
    const child = collect(run(['--help']));
    expect(await child.exit).toBe(0);
    expect(child.out()).toContain('provisio start');
    expect(child.out()).toContain('PROVISIO_REDIS_URL');
  });

  it('refuses to start on the JavaScript fallback of uWebSockets.js', async () => {
    const child = collect(run(['start'], { UWS_USE_FALLBACK: '1' }));
    expect(await child.exit).toBe(1);
    expect(child.out()).toContain('PRV_ERR_HTTP_UWS_FALLBACK');
  });

  it('lets a running session finish on SIGTERM, then flushes its rows and exits 0', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'provisio-cli-'));
    dirs.push(dataDir);
    const [cwmpPort, nbiPort] = [await freePort(), await freePort()];
    const database = uniqueName('provisio');
    const child = run(['start'], {
      PROVISIO_DATA_DIR: dataDir,
      PROVISIO_CWMP_HOST: '127.0.0.1',
      PROVISIO_CWMP_PORT: String(cwmpPort),
      PROVISIO_NBI_HOST: '127.0.0.1',
      PROVISIO_NBI_PORT: String(nbiPort),
      PROVISIO_WORKER_THREADS: '1',
      PROVISIO_CLICKHOUSE_URL: inject('clickhouseUrl'),
      PROVISIO_CLICKHOUSE_DATABASE: database,
      PROVISIO_INGEST_FLUSH_INTERVAL_MS: '600000',
    });
    const proc = collect(child);
    await expect.poll(() => proc.out(), { timeout: 20_000 }).toContain('northbound API');
    expect(proc.out()).toMatch(/NBI token\s+\S+/);

    const cpe = new TestCpe({ url: `http://127.0.0.1:${cwmpPort}/`, deviceId: { Manufacturer: 'M', OUI: '00D09E', ProductClass: 'HGW-1', SerialNumber: 'SIGTERM1' } });
    expect((await cpe.post(cpe.informBody(['2 PERIODIC']))).status).toBe(200);
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    expect((await cpe.post(null)).status).toBe(204);
    cpe.close();
    expect(await proc.exit).toBe(0);
    const count = await fetch(`${inject('clickhouseUrl')}/?query=${encodeURIComponent(`SELECT count() FROM ${database}.sessions`)}`);
    expect((await count.text()).trim()).toBe('1');
  });
});
