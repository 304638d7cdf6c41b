/**
 * The session-store contract: what the CWMP path and the northbound API need from the hot store.
 *
 * Two implementations honour it — Redis (production; every node shares it) and the embedded local
 * store (one process, shared by its worker threads) — and one contract suite tests both.
 *
 * Keys are per device so that Redis Cluster can shard by `{deviceId}`. A CWMP session owns its
 * device while it lives (one session per device, cluster-wide); each HTTP request of the session
 * additionally holds a short request lock so two nodes never work on one session at once.
 */

/** Identity and last-known facts of a device, as shown by `GET /devices`. */
export interface DeviceRecord {
  id: string;
  manufacturer: string;
  oui: string;
  productClass: string;
  serialNumber: string;
  /** When the device was first seen (ms since epoch); kept from the first upsert. */
  firstSeenMs: number;
  /** When its latest Inform arrived (ms since epoch). */
  lastInformMs: number;
  /** Events of the latest Inform, e.g. `['2 PERIODIC']`. */
  lastEvents: string[];
  softwareVersion?: string;
  hardwareVersion?: string;
  connectionRequestUrl?: string;
  /** Remote address of the latest session. */
  remoteAddress?: string;
}

export type TaskStatus = 'pending' | 'done' | 'fault';

export interface GetParameterValuesTaskArgs {
  parameterNames: string[];
}

export interface TaskResultValue {
  name: string;
  value: string;
  type?: string;
}

export interface TaskFault {
  /** CWMP fault code (9000-series from the CPE, 8000-series from the ACS). */
  code: number;
  message: string;
}

/** A queued ACS request for one device; applied in that device's next session. */
export interface TaskRecord {
  id: string;
  deviceId: string;
  name: 'getParameterValues';
  args: GetParameterValuesTaskArgs;
  status: TaskStatus;
  createdMs: number;
  completedMs?: number;
  result?: { parameterValues: TaskResultValue[] };
  fault?: TaskFault;
}

/** How many pending tasks the load and open calls return, head first. */
export const TASK_LOOKAHEAD = 2;

export type OpenResult =
  | { ok: true; pendingTasks: TaskRecord[]; replacedSessionId: string | undefined }
  /** Another session of the device is handling a request right now. */
  | { ok: false; reason: 'busy' };

export type LoadResult =
  | { ok: true; state: Uint8Array; pendingTasks: TaskRecord[] }
  /** The session ended, expired, or was replaced by a newer Inform of the device. */
  | { ok: false; reason: 'gone' }
  /** Another request of this session is being handled right now. */
  | { ok: false; reason: 'busy' };

export interface SessionUpdate {
  /** New session state, or null to end the session (state deleted, device released). */
  state: Uint8Array | null;
  /** How long the session may stay quiet before it expires and releases the device. */
  sessionTtlMs: number;
  /** Device facts to upsert (sent with the Inform's save). */
  device?: DeviceRecord;
  /** A task the CPE answered: stored with its result and removed from the pending queue. */
  completedTask?: TaskRecord;
  /** How long finished task records are kept for `GET /devices/:id/tasks/:taskId`. */
  taskResultTtlMs: number;
}

export type SaveResult = { ok: true } | { ok: false; reason: 'lost' };

export interface ListDevicesOptions {
  offset: number;
  limit: number;
}

export interface SessionStore {
  /** Human-readable description for the start-up banner, e.g. `redis://127.0.0.1:6379/0`. */
  readonly description: string;

  /**
   * Opens `sessionId` for `deviceId` on an Inform: takes ownership of the device (an Inform always
   * opens a new session, so an older session of the device is replaced: its state is deleted, its
   * loads answer gone and its saves lost) and the request lock. Answers busy, changing nothing,
   * while a request of the older session holds the lock. Until the first save the new session has
   * no state; a load in that window answers busy (the open holds the lock).
   */
  openSession(deviceId: string, sessionId: string, sessionTtlMs: number, lockTtlMs: number): Promise<OpenResult>;

  /**
   * Loads the state of an open session and takes its request lock for `lockTtlMs` (released by
   * the next save, or when it expires). Gone is checked before busy: a replaced session is gone
   * even while the new one holds the lock.
   */
  loadSession(deviceId: string, sessionId: string, lockTtlMs: number): Promise<LoadResult>;

  /**
   * Saves (or ends) the session and releases its request lock, atomically with the update, and
   * restarts its `sessionTtlMs`. Lost means nothing was written, the completed task included: it
   * stays pending and runs again in the device's next session.
   */
  saveSession(deviceId: string, sessionId: string, update: SessionUpdate): Promise<SaveResult>;

  /**
   * Releases the request lock of the session, if this session holds it, without saving: the error
   * path of a request that failed after load or open, so the CPE's retry is not kept busy until
   * the lock expires.
   */
  releaseLock(deviceId: string, sessionId: string): Promise<void>;

  /** True while the session exists (tests and diagnostics). */
  sessionExists(deviceId: string, sessionId: string): Promise<boolean>;

  /**
   * Appends a task to the device's queue. Resolves once the task is durable as far as the backend
   * goes (in Redis; on disk for the local store), so an accepted task survives a restart. Rejects
   * with a plain Error when the device already has a task with that id.
   */
  enqueueTask(task: TaskRecord): Promise<void>;

  /** The task, pending or finished; null when unknown or its result expired (taskResultTtlMs). */
  getTask(deviceId: string, taskId: string): Promise<TaskRecord | null>;

  getDevice(deviceId: string): Promise<DeviceRecord | null>;

  /** Devices by latest Inform, newest first (equal times: by id, descending); `total` counts them all. */
  listDevices(options: ListDevicesOptions): Promise<{ total: number; devices: DeviceRecord[] }>;

  /** Resolves when the store answers; rejects with a clear message when it does not. */
  ping(): Promise<void>;

  /** Releases the connection; a bridge client (local/bridge.ts) only detaches, the served store stays open. */
  close(): Promise<void>;
}

/** Thrown (or rejected) by a store whose backend cannot be reached. */
export class StoreUnavailableError extends Error {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(detail, options);
    this.name = 'StoreUnavailableError';
  }
}
