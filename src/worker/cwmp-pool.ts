/**
 * The Piscina pool that runs the CWMP path. Its queue is bounded by us: the front end asks
 * {@link CwmpPool.saturated} before handing a request over and answers 503 past the bound, so a boot
 * storm slows down instead of piling up memory.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { CwmpReply, CwmpRequest } from '../session/reply.js';
import type { WorkerSetup } from './worker-setup.js';

export interface CwmpPoolOptions {
  threads: number;
  concurrentTasksPerWorker: number;
  maxQueue: number;
  setup: WorkerSetup;
  /** A worker that dies outside a task is reported here (Piscina replaces it). */
  onError: (err: unknown) => void;
}

export interface CwmpPool {
  run(request: CwmpRequest): Promise<CwmpReply>;
  /** True when the queue holds maxQueue requests waiting for a worker. */
  saturated(): boolean;
  readonly queueSize: number;
  close(): Promise<void>;
}

/** Under tsx or vitest this module is TypeScript, and so is the worker: load it through tsx. */
function workerEntry(): { filename: string; execArgv: string[] } {
  const typescript = import.meta.url.endsWith('.ts');
  const filename = fileURLToPath(new URL(`./cwmp-worker.${typescript ? 'ts' : 'js'}`, import.meta.url));
  return { filename, execArgv: typescript ? ['--import', 'tsx'] : [] };
}

export function createCwmpPool(options: CwmpPoolOptions): CwmpPool {
  const { filename, execArgv } = workerEntry();
  const pool = new Piscina({
    filename,
    execArgv,
    minThreads: options.threads,
    maxThreads: options.threads,
    concurrentTasksPerWorker: options.concurrentTasksPerWorker,
    // Piscina's own bound is a backstop only; saturated() keeps us below it.
    maxQueue: options.maxQueue + 1,
    idleTimeout: Number.POSITIVE_INFINITY,
    // Workers hold open handles (Redis sockets and their reconnect timers, store channels). With
    // Piscina's default Atomics wait an idle worker's event loop stops, so a Redis connection lost
    // during an outage would never reconnect; plain message passing keeps the loop running.
    atomics: 'disabled',
    workerData: options.setup,
  });
  // Without a listener Piscina's 'error' event would throw and take the process down.
  pool.on('error', options.onError);
  return {
    run: (request) => pool.run(request, { transferList: [request.body.buffer as ArrayBuffer] }),
    saturated: () => pool.queueSize >= options.maxQueue,
    get queueSize() {
      return pool.queueSize;
    },
    close: () => pool.close(),
  };
}
