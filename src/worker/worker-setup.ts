/**
 * What the main thread tells each worker thread at start (Piscina's workerData): plain data only.
 */
import type { LogLevel } from '../log.js';

export type WorkerStoreSetup =
  | { kind: 'redis'; url: string; keyPrefix: string }
  /** The embedded store lives in the main thread; workers reach it over this channel. */
  | { kind: 'local'; channel: string };

export interface WorkerSetup {
  store: WorkerStoreSetup;
  nodeName: string;
  sessionTimeoutMs: number;
  lockTtlMs: number;
  taskResultTtlMs: number;
  retryAfterS: number;
  logLevel: LogLevel;
}
