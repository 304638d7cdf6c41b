/**
 * The northbound API: REST/JSON for operators and OSS/BSS. Every route but `/health` needs the
 * bearer token. Errors are JSON `{ error: { code, message } }` with the catalogue's status.
 */
import { errorData, type ErrorName } from '../errors/codes.js';
import type { Logger } from '../log.js';
import { isDeviceId } from '../session/device-id.js';
import type { DeviceRecord, SessionStore, TaskRecord } from '../store/session-store.js';
import { taskFromRequest } from './tasks.js';
import { createTokenCheck } from './token.js';

export interface NbiRequest {
  method: string;
  path: string;
  query: string;
  authorization: string | undefined;
  body: Uint8Array | undefined;
}

export interface NbiReply {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

export interface NbiOptions {
  store: SessionStore;
  token: string;
  log: Logger;
  now?: () => number;
}

/** Task ids as {@link taskFromRequest} makes them. */
const TASK_ID = /^[0-9a-f]{24}$/;

const JSON_TYPE: [string, string] = ['Content-Type', 'application/json; charset=utf-8'];

function json(status: number, value: unknown): NbiReply {
  return { status, headers: [JSON_TYPE], body: JSON.stringify(value) };
}

function failure(name: ErrorName, params: Record<string, string | number> = {}): NbiReply {
  const e = errorData(name, params);
  const reply = json(e.httpStatus, { error: { code: e.code, message: e.message } });
  if (name === 'UNAUTHORIZED') reply.headers.push(['WWW-Authenticate', 'Bearer']);
  return reply;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function deviceJson(d: DeviceRecord): Record<string, unknown> {
  return { ...d, firstSeen: iso(d.firstSeenMs), lastInform: iso(d.lastInformMs) };
}

function taskJson(t: TaskRecord): Record<string, unknown> {
  return { ...t, created: iso(t.createdMs), completed: iso(t.completedMs) };
}

function intParam(query: URLSearchParams, name: string, fallback: number, max: number): number | undefined {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= max ? n : undefined;
}

export function createNbi(options: NbiOptions) {
  const { store, log } = options;
  const now = options.now ?? Date.now;
  const authorized = createTokenCheck(options.token);

  async function listDevices(query: URLSearchParams): Promise<NbiReply> {
    const offset = intParam(query, 'offset', 0, 1_000_000_000);
    const limit = intParam(query, 'limit', 100, 1000);
    if (offset === undefined || limit === undefined) return failure('BAD_REQUEST', { detail: 'offset and limit must be whole numbers (limit at most 1000)' });
    const page = await store.listDevices({ offset, limit });
    return json(200, { total: page.total, offset, limit, devices: page.devices.map(deviceJson) });
  }

  async function createTask(deviceId: string, body: Uint8Array | undefined): Promise<NbiReply> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body ?? new Uint8Array()).toString('utf8'));
    } catch {
      return failure('BAD_REQUEST', { detail: 'body is not JSON' });
    }
    if ((await store.getDevice(deviceId)) === null) return failure('NOT_FOUND', { path: `/devices/${deviceId}` });
    const request = taskFromRequest(deviceId, parsed, now());
    if (!request.ok) return failure('BAD_REQUEST', { detail: request.detail });
    await store.enqueueTask(request.task);
    return json(202, taskJson(request.task));
  }

  async function route(req: NbiRequest): Promise<NbiReply> {
    const segments = req.path.split('/').filter((s) => s !== '');
    if (req.method === 'get' && req.path === '/health') return json(200, { ok: true });
    if (!authorized(req.authorization)) return failure('UNAUTHORIZED');
    if (segments[0] !== 'devices') return failure('NOT_FOUND', { path: req.path });
    if (segments.length === 1 && req.method === 'get') return listDevices(new URLSearchParams(req.query));

    let deviceId: string;
    try {
      deviceId = decodeURIComponent(segments[1] ?? '');
    } catch {
      return failure('NOT_FOUND', { path: req.path });
    }
    if (!isDeviceId(deviceId) || segments[2] !== 'tasks') return failure('NOT_FOUND', { path: req.path });
    if (segments.length === 3 && req.method === 'post') return createTask(deviceId, req.body);
    if (segments.length === 4 && req.method === 'get') {
      if (!TASK_ID.test(segments[3]!)) return failure('NOT_FOUND', { path: req.path });
      const task = await store.getTask(deviceId, segments[3]!);
      return task === null ? failure('NOT_FOUND', { path: req.path }) : json(200, taskJson(task));
    }
    return failure('NOT_FOUND', { path: req.path });
  }

  return {
    async handle(req: NbiRequest): Promise<NbiReply> {
      try {
        return await route(req);
      } catch (err) {
        if (err instanceof Error && err.name === 'StoreUnavailableError') return failure('STORE_UNAVAILABLE', { detail: err.message });
        log.error('northbound request failed', { path: req.path, error: err instanceof Error ? err.stack : String(err) });
        return failure('INTERNAL', { detail: 'see the Provisio log' });
      }
    },
  };
}

export type Nbi = ReturnType<typeof createNbi>;
