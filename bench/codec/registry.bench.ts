/**
 * Parameter-registry lookups of concrete paths, as an Inform or a GetParameterValuesResponse
 * brings them. The reference is the obvious alternative measured in the same run: rewrite instance
 * numbers to `{i}` with a regex, then `Map.get` the pattern in a Map of every pattern of the
 * registry. Each timed call looks up every path and checks what it found.
 *
 * Run alone with `npx tsx bench/codec/registry.bench.ts`.
 */
import { Bench } from 'tinybench';
import { loadParameterRegistry, lookupParameter, type RegistryEntry } from '../../src/codec/parameter-registry.js';
import { NODES, STRINGS } from '../../src/generated/registry/data.js';
import { FLAG, NODE_KINDS, NODE_STRIDE } from '../../src/generated/registry/format.js';
import { benchRow, isMain, opsPerSecond, printReport, type BenchReport } from '../report.js';

/** A periodic Inform's and a Wi-Fi/host GPV response's worth of paths, with two vendor extensions. */
const PATHS = [
  'Device.DeviceInfo.Manufacturer',
  'Device.DeviceInfo.SoftwareVersion',
  'Device.DeviceInfo.UpTime',
  'Device.ManagementServer.ConnectionRequestURL',
  'Device.ManagementServer.ParameterKey',
  'Device.IP.Interface.1.IPv4Address.1.IPAddress',
  'Device.IP.Interface.1.Stats.BytesSent',
  'Device.IP.Interface.1.Stats.BytesReceived',
  'Device.Ethernet.Interface.2.Stats.ErrorsReceived',
  'Device.WiFi.Radio.1.Channel',
  'Device.WiFi.SSID.3.SSID',
  'Device.WiFi.AccessPoint.1.AssociatedDevice.12.SignalStrength',
  'Device.WiFi.AccessPoint.1.AssociatedDevice.12.Stats.BytesSent',
  'Device.Hosts.Host.27.PhysAddress',
  'Device.Services.VoiceService.1.CallControl.Line.2.Stats.RTP.PacketsLost',
  'InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.ExternalIPAddress',
  'InternetGatewayDevice.LANDevice.1.WLANConfiguration.2.TotalBytesSent',
  'InternetGatewayDevice.ManagementServer.PeriodicInformInterval',
  'Device.X_ACME_Diagnostics.Enable',
  'Device.WiFi.Radio.1.X_ACME_BeamForming',
];
const KNOWN = PATHS.filter((p) => !p.includes('X_')).length;
/** Lookups take well under a microsecond; each timed call does this many rounds over PATHS. */
const ROUNDS_PER_CALL = 50;
const LOOKUPS_PER_CALL = ROUNDS_PER_CALL * PATHS.length;

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`bench self-check failed: ${what}`);
}

/** Every path pattern of the registry, rebuilt from the generated node table. */
function allPatterns(): string[] {
  const paths: string[] = [];
  for (let o = 0; o < NODES.length; o += NODE_STRIDE) {
    const parent = NODES[o] ?? -1;
    const name = STRINGS[NODES[o + 1] ?? -1] ?? '';
    const isParameter = (((NODES[o + 2] ?? 0) >> FLAG.KIND_SHIFT) & FLAG.TWO_BITS) === NODE_KINDS.indexOf('parameter');
    const prefix = parent < 0 ? '' : (paths[parent] ?? '');
    paths.push(isParameter ? prefix + name : `${prefix}${name}.`);
  }
  return paths;
}

/** The reference: instance numbers replaced by a regex, then one Map.get of the pattern. */
function naiveLookup(): (path: string) => RegistryEntry | undefined {
  const byPattern = new Map<string, RegistryEntry>();
  for (const p of allPatterns()) {
    const entry = lookupParameter(p);
    if (entry !== undefined) byPattern.set(p, entry);
  }
  check(byPattern.size > 10_000, `only ${byPattern.size} patterns`);
  const INSTANCE = /\.\d+\./g;
  return (path) => byPattern.get(path.replace(INSTANCE, '.{i}.'));
}

function timed(lookup: (path: string) => RegistryEntry | undefined): () => void {
  return () => {
    let found = 0;
    for (let r = 0; r < ROUNDS_PER_CALL; r++) {
      for (const p of PATHS) if (lookup(p) !== undefined) found++;
    }
    check(found === KNOWN * ROUNDS_PER_CALL, `found ${found} of ${KNOWN * ROUNDS_PER_CALL}`);
  };
}

export async function run(): Promise<BenchReport> {
  loadParameterRegistry();
  const naive = naiveLookup();
  const bench = new Bench({ time: 500, warmup: true });
  bench.add('regex instance replace + Map.get', timed(naive));
  bench.add('lookupParameter (trie)', timed(lookupParameter));
  await bench.run();
  const [naiveTask, trieTask] = bench.tasks;
  if (naiveTask === undefined || trieTask === undefined) throw new Error('bench tasks missing');
  const reference = { name: naiveTask.name, opsPerSec: opsPerSecond(naiveTask, LOOKUPS_PER_CALL) };
  return {
    name: `parameter registry: lookups of ${PATHS.length} concrete paths (${PATHS.length - KNOWN} vendor)`,
    rows: [benchRow(reference.name, reference.opsPerSec, reference), benchRow(trieTask.name, opsPerSecond(trieTask, LOOKUPS_PER_CALL), reference)],
  };
}

if (isMain(import.meta.url)) printReport(await run());
