/**
 * Vitest global setup: one private Redis and one private ClickHouse server for the whole run,
 * installed first from the distribution's packages when missing and allowed (root), together with
 * `xmllint` for the conformance tests' XSD validation. Tests read the servers' URLs with
 * `inject('redisUrl')` and `inject('clickhouseUrl')`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { unlink, writeFile } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { findBinary, startClickHouse, startRedis } from './support/servers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `redis://127.0.0.1:<port>/0` of the run's private Redis. */
    redisUrl: string;
    /** `http://127.0.0.1:<port>` of the run's private ClickHouse server (user `default`, no password). */
    clickhouseUrl: string;
  }
}

/** Debian packages the tests need, each with the program whose presence shows it is installed. */
const TEST_PACKAGES: readonly { readonly name: string; readonly binary: string }[] = [
  { name: 'redis-server', binary: 'redis-server' },
  { name: 'clickhouse-server', binary: 'clickhouse-server' },
  // The conformance tests validate every encoded message against the BBF XSDs with xmllint.
  { name: 'libxml2-utils', binary: 'xmllint' },
];
const POLICY_RC_D = '/usr/sbin/policy-rc.d';
const OUTPUT_TAIL_CHARS = 2_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureServerBinaries();
  const started = await Promise.allSettled([startRedis(), startClickHouse()]);
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  const [redis, clickhouse] = started;
  if (redis?.status !== 'fulfilled' || clickhouse?.status !== 'fulfilled') {
    // Vitest runs no teardown when setup throws, so the server that did start is stopped here.
    await stopAll();
    throw started.find((result) => result.status === 'rejected')?.reason;
  }
  project.provide('redisUrl', redis.value.url);
  project.provide('clickhouseUrl', clickhouse.value.url);
  return stopAll;
}

/** As root, installs the missing test packages; otherwise throws naming the command to run. */
async function ensureServerBinaries(): Promise<void> {
  const missing = await missingPackages();
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name);
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${missing.map((p) => p.binary).join(' and ')} not found on PATH, /usr/bin or /usr/sbin; the tests start their own private ` +
        `servers and validate messages with these programs. Install as root with \`apt-get install ${names.join(' ')}\`, then run the tests again`,
    );
  }
  await installWithApt(names);
  const stillMissing = await missingPackages();
  if (stillMissing.length > 0) {
    const programs = stillMissing.map((p) => p.binary).join(' and ');
    throw new Error(`apt-get installed ${names.join(' ')} but ${programs} is still not found in PATH, /usr/bin or /usr/sbin`);
  }
}

async function missingPackages(): Promise<(typeof TEST_PACKAGES)[number][]> {
  const found = await Promise.all(TEST_PACKAGES.map((p) => findBinary(p.binary)));
  return TEST_PACKAGES.filter((_, i) => found[i] === undefined);
}

async function installWithApt(packages: readonly string[]): Promise<void> {
  // A policy-rc.d answering 101 stops the packages' scripts from starting system services on the
  // default ports. A policy that already exists belongs to the machine and is left as it is.
  const ownPolicy = await writeFile(POLICY_RC_D, '#!/bin/sh\nexit 101\n', { flag: 'wx', mode: 0o755 }).then(
    () => true,
    (error: NodeJS.ErrnoException) => (error.code === 'EEXIST' ? false : Promise.reject(error)),
  );
  process.stderr.write(`test harness: installing ${packages.join(' ')} with apt-get (about 20 s)\n`);
  try {
    await runToEnd('apt-get', ['update']);
    // Only the missing packages: an installed server is not upgraded behind its owner's back.
    await runToEnd('apt-get', ['install', '-y', '--no-install-recommends', ...packages]);
  } catch (error) {
    throw new Error(`could not install ${packages.join(' ')}: install by hand, then run the tests again. ${(error as Error).message}`);
  } finally {
    if (ownPolicy) await unlink(POLICY_RC_D).catch(() => undefined);
  }
}

/** Runs a command with its output captured, so that a failure can show it. */
async function runToEnd(command: string, args: readonly string[]): Promise<void> {
  const child = spawn(command, args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${code}):\n${output}`);
}
