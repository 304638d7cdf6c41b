#!/usr/bin/env node
/**
 * The `provisio` command.
 */
import { readFileSync } from 'node:fs';
import { startProvisio, type Provisio } from '../app.js';
import { ENV_KEYS, loadConfig, type Config } from '../config/config.js';
import { createLogger } from '../log.js';

const HELP = `Provisio: a TR-069 (CWMP) Auto-Configuration Server.

Usage:
  provisio start [--config FILE]   run the CWMP endpoint and the northbound API
  provisio --help                  show this help
  provisio --version               print the version

With no Redis or ClickHouse configured, Provisio runs on embedded stores under ./data
(a local session store and chDB). Settings come from a JSON file (--config or PROVISIO_CONFIG)
and environment variables:
${Object.entries(ENV_KEYS).map(([env, path]) => `  ${env.padEnd(36)} ${path}`).join('\n')}
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function banner(config: Readonly<Config>, p: Provisio): string {
  const lines = [
    `Provisio ${version()} on node ${config.nodeName}`,
    `  CWMP            http://${config.cwmp.host}:${p.cwmpPort}/`,
    `  northbound API  http://${config.nbi.host}:${p.nbiPort}/`,
    `  session store   ${p.store.description}`,
    `  analytics       ${p.clickhouse.description}`,
    `  workers         ${config.workers.threads} threads x ${config.workers.concurrentTasksPerWorker} sessions, queue ${config.workers.maxQueue}`,
  ];
  if (p.nbiToken.generated) {
    lines.push(`  NBI token       ${p.nbiToken.token}`, `                  (generated now and stored in ${p.nbiToken.file}; shown only this once)`);
  } else if (p.nbiToken.file !== undefined) {
    lines.push(`  NBI token       stored in ${p.nbiToken.file}`);
  }
  return `${lines.join('\n')}\n`;
}

async function start(args: string[]): Promise<void> {
  const at = args.indexOf('--config');
  const file = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && file === undefined) throw new Error('--config needs a file name');
  const config = loadConfig({ file });
  const log = createLogger(config.logLevel);
  const provisio = await startProvisio(config, log);
  process.stdout.write(banner(config, provisio));
  let signals = 0;
  const shutdown = (signal: string) => {
    if (++signals > 1) process.exit(130);
    log.info('shutting down: finishing running sessions and flushing batches', { signal });
    provisio.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('shutdown failed', { error: err instanceof Error ? err.message : String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    if (command === undefined) process.exitCode = 2;
    return;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version()}\n`);
    return;
  }
  if (command === 'start') return start(rest);
  process.stderr.write(`provisio: unknown command ${command}\n\n${HELP}`);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? `${err.code}: ` : '';
  process.stderr.write(`provisio: ${code}${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
