/**
 * Load generator thread for the periodic-sessions bench: many test CPEs, each running periodic
 * sessions (Inform, empty POST, 204) back to back until the deadline.
 */
import { Agent } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { TestCpe } from '../test/support/test-cpe.js';

export interface LoadSetup {
  url: string;
  cpes: number;
  durationMs: number;
  /** Distinguishes the serial numbers of separate runs. */
  runId: string;
}

export interface LoadResult {
  sessions: number;
  failures: number;
  /** Session durations in ms, sorted. */
  latenciesMs: number[];
  elapsedMs: number;
}

async function runLoad(setup: LoadSetup): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: setup.cpes });
  const latenciesMs: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + setup.durationMs;
  await Promise.all(
    Array.from({ length: setup.cpes }, async (_, i) => {
      const cpe = new TestCpe({ url: setup.url, agent, deviceId: { Manufacturer: 'Bench', OUI: '00D09E', ProductClass: 'HGW-1', SerialNumber: `${setup.runId}-${i}` } });
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const t = await cpe.runSession(['2 PERIODIC']);
        const ok = t.received.length === 2 && t.received[0]?.message?.kind === 'InformResponse' && t.received[1]?.status === 204;
        if (ok) latenciesMs.push(performance.now() - t0);
        else failures++;
      }
    }),
  );
  agent.destroy();
  return { sessions: latenciesMs.length, failures, latenciesMs: latenciesMs.sort((a, b) => a - b), elapsedMs: performance.now() - started };
}

if (parentPort !== null) {
  const port = parentPort;
  runLoad(workerData as LoadSetup).then((result) => port.postMessage(result));
}
