/**
 * Periodic sessions per second: Provisio in this process against a private Redis (or REDIS_URL),
 * a load thread of test CPEs over real HTTP. Each session is Inform → InformResponse, empty POST → 204.
 *
 *   npm run bench:sessions [-- --cpes 64 --seconds 10]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { startProvisio } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { silentLogger } from '../src/log.js';
import { startRedis, type PrivateServer } from '../test/support/servers.js';
import type { LoadResult, LoadSetup } from './cpe-load.js';

const { values } = parseArgs({
  options: { cpes: { type: 'string', default: '64' }, seconds: { type: 'string', default: '10' }, threads: { type: 'string' } },
});

function runLoad(setup: LoadSetup): Promise<LoadResult> {
  // Node 20 ignores `--import tsx` in a worker's execArgv: the entry registers tsx itself.
  const entry = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(new URL('./cpe-load.ts', import.meta.url).href)}); })`;
  const worker = new Worker(entry, { eval: true, workerData: setup });
  return new Promise((resolve, reject) => {
    worker.once('message', (r: LoadResult) => void worker.terminate().then(() => resolve(r)));
    worker.once('error', reject);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

async function main(): Promise<void> {
  const redis: PrivateServer | undefined = process.env.REDIS_URL ? undefined : await startRedis();
  const redisUrl = process.env.REDIS_URL ?? redis!.url;
  const dataDir = await mkdtemp(join(tmpdir(), 'provisio-bench-'));
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      cwmp: { host: '127.0.0.1', port: 0 },
      nbi: { host: '127.0.0.1', port: 0, token: 'bench' },
      redis: { url: redisUrl, keyPrefix: 'bench:' },
      ...(values.threads ? { workers: { threads: Number(values.threads) } } : {}),
    },
  });
  const provisio = await startProvisio(config, silentLogger);
  const url = `http://127.0.0.1:${provisio.cwmpPort}/`;
  try {
    // Warm-up: JIT, Redis script cache, worker start.
    await runLoad({ url, cpes: 8, durationMs: 2000, runId: 'warm' });
    const result = await runLoad({ url, cpes: Number(values.cpes), durationMs: Number(values.seconds) * 1000, runId: `run${Date.now()}` });
    const rate = result.sessions / (result.elapsedMs / 1000);
    console.log(
      [
        `periodic sessions (Inform, empty POST, 204) against ${redis ? 'a private Redis' : redisUrl}, ClickHouse: ${provisio.clickhouse.description}`,
        `  ${config.workers.threads} worker thread(s), ${values.cpes} concurrent CPEs, ${(result.elapsedMs / 1000).toFixed(1)} s`,
        `  ${result.sessions} sessions, ${result.failures} failed: ${rate.toFixed(0)} sessions/s`,
        `  session latency p50 ${percentile(result.latenciesMs, 0.5).toFixed(1)} ms, p99 ${percentile(result.latenciesMs, 0.99).toFixed(1)} ms`,
      ].join('\n'),
    );
  } finally {
    await provisio.stop();
    await redis?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
