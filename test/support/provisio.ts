/**
 * Starts Provisio in the test process on free ports with a fresh data folder, and talks to its
 * northbound API.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProvisio, type Provisio } from '../../src/app.js';
import { loadConfig, type Config, type ConfigInput } from '../../src/config/config.js';
import { silentLogger } from '../../src/log.js';

export const TEST_TOKEN = 'test-token-0123456789';

export interface TestProvisio {
  provisio: Provisio;
  config: Readonly<Config>;
  cwmpUrl: string;
  nbi(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; json: any; headers: Headers }>;
  stop(): Promise<void>;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

export async function startTestProvisio(overrides: ConfigInput = {}): Promise<TestProvisio> {
  const dataDir = await mkdtemp(join(tmpdir(), 'provisio-test-'));
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      nodeName: 'test-node',
      // Workers log on their own; the tests provoke warnings on purpose.
      logLevel: 'error',
      ...overrides,
      cwmp: { host: '127.0.0.1', port: 0, ...overrides.cwmp },
      nbi: { host: '127.0.0.1', port: 0, token: TEST_TOKEN, ...overrides.nbi },
      workers: { threads: 2, ...overrides.workers },
      ingest: { flushIntervalMs: 50, ...overrides.ingest },
      shutdownGraceMs: overrides.shutdownGraceMs ?? 2000,
    },
  });
  const provisio = await startProvisio(config, silentLogger);
  const nbiBase = `http://127.0.0.1:${provisio.nbiPort}`;
  return {
    provisio,
    config,
    cwmpUrl: `http://127.0.0.1:${provisio.cwmpPort}/acs`,
    async nbi(method, path, body, token = TEST_TOKEN) {
      const res = await fetch(`${nbiBase}${path}`, {
        method,
        headers: { ...(token === null ? {} : { Authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: text === '' ? undefined : JSON.parse(text), headers: res.headers };
    },
    async stop() {
      await provisio.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
