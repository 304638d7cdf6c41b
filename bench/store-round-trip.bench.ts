/**
 * The Redis session store on the CWMP hot path, against a bare PING measured in the same run on
 * the same Redis: the ratio shows what the Lua scripts and the extra round trips cost over the
 * network floor. Rows:
 *   - one CWMP request (loadSession + saveSession: two EVALSHA round trips),
 *   - one whole session (openSession, saveSession with the device, loadSession, saveSession end),
 *   - the same with 64 sessions in flight, as a busy worker runs them, against 64 PINGs in flight.
 * Every timed function checks the store's answers.
 *
 * Uses REDIS_URL when set (keys under a fresh `bench:<uuid>:` prefix, removed afterwards), else
 * starts a private redis-server. Run alone with `npx tsx bench/store-round-trip.bench.ts`.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Bench } from 'tinybench';
import { createRedisStore } from '../src/store/redis/redis-store.js';
import type { DeviceRecord, SessionStore } from '../src/store/session-store.js';
import { startRedis } from '../test/support/servers.js';
import { benchRow, isMain, opsPerSecond, printReport, type BenchReport } from './report.js';

const IN_FLIGHT = 64;
const TTL = { sessionTtlMs: 30_000, taskResultTtlMs: 60_000 };
/** About the size of an encoded session state (protobuf, a few fields). */
const STATE = new Uint8Array(48).map((_, i) => (i * 37) % 256);

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`bench self-check failed: ${what}`);
}

function deviceOf(id: string): DeviceRecord {
  return { id, manufacturer: 'Acme', oui: '00D09E', productClass: 'IGD', serialNumber: id.slice(11), firstSeenMs: 1, lastInformMs: 1, lastEvents: ['2 PERIODIC'] };
}

let sessionCounter = 0;

/** One whole CWMP session of `deviceId` with no tasks: Inform, empty POST, end. */
async function wholeSession(store: SessionStore, deviceId: string): Promise<void> {
  const sessionId = `b${++sessionCounter}`;
  const opened = await store.openSession(deviceId, sessionId, TTL.sessionTtlMs, 15_000);
  check(opened.ok, 'open');
  check((await store.saveSession(deviceId, sessionId, { ...TTL, state: STATE, device: deviceOf(deviceId) })).ok, 'Inform save');
  const loaded = await store.loadSession(deviceId, sessionId, 15_000);
  check(loaded.ok && loaded.state.length === STATE.length && loaded.state[47] === STATE[47], 'load');
  check((await store.saveSession(deviceId, sessionId, { ...TTL, state: null })).ok, 'end');
}

/** Runs the bench against `url` and returns its report. */
async function measure(url: string): Promise<BenchReport> {
  const prefix = `bench:${randomUUID()}:`;
  const store = createRedisStore({ url, keyPrefix: prefix });
  const ping = new Redis(url, { enableAutoPipelining: false });
  const devices = Array.from({ length: IN_FLIGHT }, (_, i) => `00D09E-IGD-B${String(i).padStart(6, '0')}`);
  try {
    // One long session for the per-request row: each request loads and saves it.
    const requestDevice = '00D09E-IGD-R000001';
    check((await store.openSession(requestDevice, 'r1', 3_600_000, 15_000)).ok, 'open request session');
    check((await store.saveSession(requestDevice, 'r1', { ...TTL, sessionTtlMs: 3_600_000, state: STATE })).ok, 'save request session');

    const bench = new Bench({ time: 2_000, warmupTime: 300, throws: true });
    bench
      .add('PING', async () => check((await ping.ping()) === 'PONG', 'PONG'))
      .add('CWMP request (load + save)', async () => {
        const loaded = await store.loadSession(requestDevice, 'r1', 15_000);
        check(loaded.ok && loaded.state.length === STATE.length, 'request load');
        check((await store.saveSession(requestDevice, 'r1', { ...TTL, sessionTtlMs: 3_600_000, state: STATE })).ok, 'request save');
      })
      .add('session (open, save, load, end)', () => wholeSession(store, devices[0]!))
      .add(`${IN_FLIGHT} PINGs in flight`, async () => {
        const replies = await Promise.all(devices.map(() => ping.ping()));
        check(replies.length === IN_FLIGHT && replies[IN_FLIGHT - 1] === 'PONG', 'PONGs');
      })
      .add(`${IN_FLIGHT} sessions in flight`, () => Promise.all(devices.map((d) => wholeSession(store, d))).then(() => undefined));
    await bench.run();

    const rate = (name: string, opsPerCall = 1) => {
      const task = bench.getTask(name);
      if (task === undefined) throw new Error(`no bench task ${name}`);
      return { name, opsPerSec: opsPerSecond(task, opsPerCall) };
    };
    const pingRate = rate('PING');
    const request = rate('CWMP request (load + save)');
    const session = rate('session (open, save, load, end)');
    const pings = rate(`${IN_FLIGHT} PINGs in flight`, IN_FLIGHT);
    const sessions = rate(`${IN_FLIGHT} sessions in flight`, IN_FLIGHT);
    return {
      name: `Redis session store round trips (ops = requests or sessions; ${url})`,
      rows: [
        benchRow(pingRate.name, pingRate.opsPerSec, pingRate),
        benchRow(request.name, request.opsPerSec, pingRate),
        benchRow(session.name, session.opsPerSec, pingRate),
        benchRow(pings.name, pings.opsPerSec, pings),
        benchRow(sessions.name, sessions.opsPerSec, pings),
      ],
    };
  } finally {
    // Leave a shared Redis as it was found.
    const stream = ping.scanStream({ match: `${prefix}*`, count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>) if (keys.length > 0) await ping.del(...keys);
    ping.disconnect();
    await store.close();
  }
}

/** Runs the bench on REDIS_URL, or on a private Redis it starts and stops. */
export async function run(): Promise<BenchReport> {
  const given = process.env.REDIS_URL;
  if (given !== undefined && given !== '') return measure(given);
  const server = await startRedis();
  try {
    return await measure(server.url);
  } finally {
    await server.stop();
  }
}

if (isMain(import.meta.url)) printReport(await run());
