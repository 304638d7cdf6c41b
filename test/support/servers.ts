/**
 * Private Redis and ClickHouse servers for the tests. Each one listens on 127.0.0.1 on ports the OS
 * reported free and keeps its data in its own temporary folder, so a test run never connects to or
 * changes a server the machine already runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, constants, openSync, rmSync } from 'node:fs';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const READY_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 50;
const PROBE_TIMEOUT_MS = 1_000;
const LOG_TAIL_CHARS = 2_000;
/** util-linux's setpriv, used to tie each server's life to the test process (see spawnServer). */
const SETPRIV = await findBinary('setpriv');

/** A server started by the harness. Every method is safe to call more than once. */
export interface PrivateServer {
  /** `redis://127.0.0.1:<port>/0` or `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Data, configuration and logs of this server. */
  readonly dir: string;
  /** Kills the process (a crash, not a shutdown) but keeps port and folder for {@link restart}. */
  kill(): Promise<void>;
  /** Kills the process if it runs, starts it again on the same port and folder, waits until it answers. */
  restart(): Promise<void>;
  /** Kills the process and removes its folder, unless the caller supplied the folder; there is no restart after this. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Listen here instead of on a fresh free port. */
  port?: number;
  /** Keep data here instead of in a new temporary folder; the folder is left in place on stop. */
  dir?: string;
}

/** Absolute path of an executable on PATH, /usr/bin or /usr/sbin (Debian's clickhouse-server lives in sbin, often off PATH). */
export async function findBinary(name: string): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin', '/usr/sbin'];
  for (const dir of dirs) {
    const path = join(dir, name);
    if (await access(path, constants.X_OK).then(() => true, () => false)) return path;
  }
  return undefined;
}

const portsHandedOut = new Set<number>();

/** A port nobody listened on a moment ago (the OS picks it for a listener on port 0); never the same twice in one process. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await listenAndClose(0);
    if (portsHandedOut.has(port)) continue;
    portsHandedOut.add(port);
    return port;
  }
}

/** Listens on 127.0.0.1 (port 0: one the OS picks), closes again and returns the port. */
async function listenAndClose(port: number): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return bound;
}

/**
 * Throws when something listens on the port: the readiness probe would otherwise talk to a server
 * this harness did not start (and may not touch), and could even take it for ours.
 */
async function assertPortFree(port: number): Promise<void> {
  await listenAndClose(port).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`port ${port} on 127.0.0.1 is taken (${error.code}): test servers start only on free ports`);
  });
}

/** Starts `redis-server` (no persistence) and resolves once it answers PING. */
export async function startRedis(options: StartOptions = {}): Promise<PrivateServer> {
  const bin = await requireBinary('redis-server');
  const port = options.port ?? (await freePort());
  const { dir, ownsDir } = await dataDir('redis', options.dir);
  const args = ['--port', `${port}`, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
  const url = `redis://127.0.0.1:${port}/0`;
  return runServer({ url, port, ports: [port], dir, ownsDir, bin, args, answers: () => answersPing(port), logFiles: [] });
}

/** Starts `clickhouse-server` from a minimal configuration in its folder; resolves once it answers `SELECT 1` over HTTP. */
export async function startClickHouse(options: StartOptions = {}): Promise<PrivateServer> {
  const bin = await requireBinary('clickhouse-server');
  const port = options.port ?? (await freePort());
  const { dir, ownsDir } = await dataDir('clickhouse', options.dir);
  const tcpPort = await freePort();
  await writeFile(join(dir, 'config.xml'), clickHouseConfig(dir, port, tcpPort));
  await writeFile(join(dir, 'users.xml'), CLICKHOUSE_USERS);
  const url = `http://127.0.0.1:${port}`;
  const args = [`--config-file=${join(dir, 'config.xml')}`];
  const logFiles = [join(dir, 'server.err.log')];
  return runServer({ url, port, ports: [port, tcpPort], dir, ownsDir, bin, args, answers: () => answersSelect1(url), logFiles });
}

async function requireBinary(name: string): Promise<string> {
  const path = await findBinary(name);
  if (path === undefined) throw new Error(`${name} not found on PATH, /usr/bin or /usr/sbin: install it with \`apt-get install ${name}\``);
  return path;
}

async function dataDir(kind: string, given: string | undefined): Promise<{ dir: string; ownsDir: boolean }> {
  if (given !== undefined) return { dir: given, ownsDir: false };
  return { dir: await mkdtemp(join(tmpdir(), `provisio-test-${kind}-`)), ownsDir: true };
}

interface ServerSpec {
  url: string;
  port: number;
  /** Every port the server listens on. */
  ports: readonly number[];
  dir: string;
  ownsDir: boolean;
  bin: string;
  args: readonly string[];
  answers(): Promise<boolean>;
  /** Server logs shown, after its console output, when it does not come up. */
  logFiles: readonly string[];
}

interface Running {
  spec: ServerSpec;
  child: ChildProcess | undefined;
  /** Why the last spawn failed (ENOENT, EACCES), if it did: such a process never emits 'exit'. */
  spawnError: Error | undefined;
}

// Servers must not outlive the test process. Teardown stops them on a normal run; this hook covers an
// early process.exit (vitest turns Ctrl-C and SIGTERM into one), and setpriv's parent-death signal
// covers deaths where no JavaScript runs at all, such as SIGKILL.
const running = new Set<Running>();
process.once('exit', () => {
  for (const server of running) {
    server.child?.kill('SIGKILL');
    if (server.spec.ownsDir) {
      try {
        rmSync(server.spec.dir, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // An exit hook must not throw; a leftover folder in tmpdir is harmless.
      }
    }
  }
});

async function runServer(spec: ServerSpec): Promise<PrivateServer> {
  const server: Running = { spec, child: undefined, spawnError: undefined };
  const kill = async (): Promise<void> => {
    const child = server.child;
    server.child = undefined;
    // SIGKILL: the data is disposable, and a graceful ClickHouse shutdown costs most of a second.
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
  };
  const start = async (): Promise<void> => {
    await kill();
    await Promise.all(spec.ports.map(assertPortFree));
    running.add(server);
    server.spawnError = undefined;
    server.child = spawnServer(spec).on('error', (error) => {
      server.spawnError = error;
    });
    await waitUntilAnswering(server);
  };
  const stop = async (): Promise<void> => {
    await kill();
    running.delete(server);
    if (spec.ownsDir) await rm(spec.dir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: spec.url, port: spec.port, dir: spec.dir, kill, restart: start, stop };
}

function spawnServer(spec: ServerSpec): ChildProcess {
  // Console output goes to a file in the server's folder, never to the test console.
  const out = openSync(consoleLog(spec), 'a');
  try {
    // setpriv --pdeathsig: the kernel kills the server when the thread that started it dies. Tests
    // run on the main thread of their process (pool 'forks'), so this means "when the process dies".
    return SETPRIV === undefined
      ? spawn(spec.bin, spec.args, { stdio: ['ignore', out, out] })
      : spawn(SETPRIV, ['--pdeathsig', 'KILL', '--', spec.bin, ...spec.args], { stdio: ['ignore', out, out] });
  } finally {
    closeSync(out);
  }
}

const consoleLog = (spec: ServerSpec): string => join(spec.dir, 'console.log');

async function waitUntilAnswering(server: Running): Promise<void> {
  const { spec } = server;
  const name = spec.bin.slice(spec.bin.lastIndexOf('/') + 1);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const { child, spawnError } = server;
    if (spawnError !== undefined) throw new Error(`${name} could not be started: ${spawnError.message}`);
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child?.exitCode ?? child?.signalCode}) before answering on ${spec.url}${await logTails(spec)}`);
    }
    if (await spec.answers()) return;
    await sleep(POLL_INTERVAL_MS);
  }
  throw new Error(`${name} did not answer on ${spec.url} within ${READY_TIMEOUT_MS / 1000} s${await logTails(spec)}`);
}

async function logTails(spec: ServerSpec): Promise<string> {
  let text = '';
  for (const file of [consoleLog(spec), ...spec.logFiles]) {
    const content = await readFile(file, 'utf8').catch(() => '');
    if (content !== '') text += `\n--- end of ${file} ---\n${content.slice(-LOG_TAIL_CHARS)}`;
  }
  return text;
}

/** True when a Redis on the port answers PING with +PONG (not, for example, -LOADING). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const finish = (answered: boolean): void => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) finish(reply === '+PONG\r\n');
    });
  });
}

async function answersSelect1(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/?query=SELECT%201`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return response.ok && (await response.text()).trim() === '1';
  } catch {
    return false;
  }
}

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** For ClickHouse 18.16 (Debian's): every path inside `dir`, listening on 127.0.0.1 only, no interserver port. */
function clickHouseConfig(dir: string, httpPort: number, tcpPort: number): string {
  const inDir = (name: string): string => xml(join(dir, name));
  return `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>${inDir('server.log')}</log>
    <errorlog>${inDir('server.err.log')}</errorlog>
    <console>0</console>
  </logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${inDir('data')}/</path>
  <tmp_path>${inDir('tmp')}/</tmp_path>
  <user_files_path>${inDir('user_files')}/</user_files_path>
  <format_schema_path>${inDir('format_schemas')}/</format_schema_path>
  <users_config>${inDir('users.xml')}</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
</yandex>
`;
}

/** User `default` without password, reachable from loopback only; no quota limits. */
const CLICKHOUSE_USERS = `<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>4000000000</max_memory_usage>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks>
        <ip>127.0.0.1</ip>
        <ip>::1</ip>
      </networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas>
    <default>
      <interval>
        <duration>3600</duration>
        <queries>0</queries>
        <errors>0</errors>
        <result_rows>0</result_rows>
        <read_rows>0</read_rows>
        <execution_time>0</execution_time>
      </interval>
    </default>
  </quotas>
</yandex>
`;
