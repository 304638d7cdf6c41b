/**
 * Row encoders of the ingest path (src/store/clickhouse/rows.ts), in rows per second. The
 * reference is what the obvious alternative costs in the same run: the same rows written as
 * JSONEachRow lines with JSON.stringify. Every timed function checks the length of its output.
 *
 * Run alone with `npx tsx bench/ingest-rows.bench.ts`.
 */
import { Bench } from 'tinybench';
import { encodeParameterValueRows, encodeSessionRows, type ParameterValueRow, type SessionRow } from '../src/store/clickhouse/rows.js';
import { benchRow, isMain, opsPerSecond, printReport, type BenchReport } from './report.js';

const TIME_MS = 1_708_852_447_000;

/** The 40 values of one GetParameterValuesResponse; a few need escaping, as real ones sometimes do. */
const PARAMETERS: ParameterValueRow[] = Array.from({ length: 40 }, (_, i) => ({
  timeMs: TIME_MS,
  deviceId: '00D09E-IGD-S1234567',
  sessionId: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b',
  source: 'gpv',
  path: `Device.Hosts.Host.${i + 1}.${i % 2 === 0 ? 'HostName' : 'IPAddress'}`,
  value: i % 10 === 9 ? `living room\tTV "${i}"\\` : i % 2 === 0 ? `host-${i}.lan` : `192.168.1.${i + 10}`,
  type: 'xsd:string',
}));

/** 100 sessions as one busy second of Informs produces them. */
const SESSIONS: SessionRow[] = Array.from({ length: 100 }, (_, i) => ({
  timeMs: TIME_MS + i,
  sessionId: `6f1c2a9e-3b4d-4e5f-8a7b-${String(i).padStart(12, '0')}`,
  deviceId: `00D09E-IGD-S${1_000_000 + i}`,
  oui: '00D09E',
  productClass: 'IGD',
  serialNumber: `S${1_000_000 + i}`,
  softwareVersion: 'V1.2.3-build.4567',
  events: i % 20 === 0 ? ['1 BOOT', '4 VALUE CHANGE'] : ['2 PERIODIC'],
  remoteAddress: `198.51.100.${i}`,
  node: 'provisio-1',
}));

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`bench self-check failed: ${what}`);
}

/** The JSONEachRow lines of the same rows, as an encoder built on JSON.stringify would write them. */
function jsonParameterRows(rows: readonly ParameterValueRow[]): string {
  let out = '';
  for (const r of rows) {
    const { deviceId, sessionId, source, path, value, type } = r;
    out += JSON.stringify({ time: Math.floor(r.timeMs / 1000), device_id: deviceId, session_id: sessionId, source, path, value, type }) + '\n';
  }
  return out;
}

function jsonSessionRows(rows: readonly SessionRow[]): string {
  let out = '';
  for (const r of rows) {
    out +=
      JSON.stringify({
        time: Math.floor(r.timeMs / 1000),
        session_id: r.sessionId,
        device_id: r.deviceId,
        oui: r.oui,
        product_class: r.productClass,
        serial_number: r.serialNumber,
        software_version: r.softwareVersion,
        events: r.events,
        remote_address: r.remoteAddress,
        node: r.node,
      }) + '\n';
  }
  return out;
}

/**
 * A timed function that encodes and checks the output's length against its first result. Reading
 * the last character flattens the concatenated string, as sending it to the main thread does.
 */
function checked(encode: () => string): { fn: () => void; bytes: number } {
  const expected = encode().length;
  const fn = () => {
    const s = encode();
    check(s.length === expected && s.charCodeAt(s.length - 1) === 10, 'output length and final line feed');
  };
  return { fn, bytes: expected };
}

/** Runs the encoder benches and returns their report. */
export async function run(): Promise<BenchReport> {
  const lines = encodeParameterValueRows(PARAMETERS).tsv.split('\n');
  check(lines.length === PARAMETERS.length + 1 && lines[9]!.includes('living room\\tTV "9"\\\\'), 'parameter rows escape');
  check(encodeSessionRows(SESSIONS).tsv.split('\n')[0]!.includes("['1 BOOT','4 VALUE CHANGE']"), 'session rows array');

  const tasks = {
    'encodeParameterValueRows': checked(() => encodeParameterValueRows(PARAMETERS).tsv),
    'JSONEachRow parameter_values': checked(() => jsonParameterRows(PARAMETERS)),
    'encodeSessionRows': checked(() => encodeSessionRows(SESSIONS).tsv),
    'JSONEachRow sessions': checked(() => jsonSessionRows(SESSIONS)),
  };
  const bench = new Bench({ time: 1500, warmupTime: 300, throws: true });
  for (const [name, task] of Object.entries(tasks)) bench.add(name, task.fn);
  await bench.run();

  const rowsPerSec = (name: keyof typeof tasks, rows: number) => {
    const task = bench.getTask(name);
    if (task === undefined) throw new Error(`no bench task ${name}`);
    return { name, opsPerSec: opsPerSecond(task, rows) };
  };
  const gpv = rowsPerSec('encodeParameterValueRows', PARAMETERS.length);
  const gpvJson = rowsPerSec('JSONEachRow parameter_values', PARAMETERS.length);
  const sessions = rowsPerSec('encodeSessionRows', SESSIONS.length);
  const sessionsJson = rowsPerSec('JSONEachRow sessions', SESSIONS.length);
  const perRow = (name: keyof typeof tasks, rows: number) => tasks[name].bytes / rows;
  return {
    name: 'ingest row encoders (ops = rows; MB/s of text written)',
    rows: [
      benchRow(gpv.name, gpv.opsPerSec, gpvJson, perRow('encodeParameterValueRows', PARAMETERS.length)),
      benchRow(gpvJson.name, gpvJson.opsPerSec, gpvJson, perRow('JSONEachRow parameter_values', PARAMETERS.length)),
      benchRow(sessions.name, sessions.opsPerSec, sessionsJson, perRow('encodeSessionRows', SESSIONS.length)),
      benchRow(sessionsJson.name, sessionsJson.opsPerSec, sessionsJson, perRow('JSONEachRow sessions', SESSIONS.length)),
    ],
  };
}

if (isMain(import.meta.url)) printReport(await run());
