/**
 * The CWMP session engine: one HTTP request of a CPE in, one HTTP reply out.
 *
 * A session is Inform → InformResponse, then the CPE's own requests (none are served yet), then its
 * empty POST; from there the ACS sends the device's queued tasks one RPC per request and ends the
 * session with 204 when none is left. Everything a session needs between requests lives in the
 * store, so any worker of any node may serve its next request.
 */
import type { Fault, GetParameterValuesResponse, Inform, CwmpEnvelope, CwmpNamespace } from '../codec/messages.js';
import { CWMP_NAMESPACES } from '../codec/messages.js';
import { decodeEnvelope } from '../codec/decode.js';
import { encodeEnvelope } from '../codec/encode.js';
import { negotiateCwmpVersion } from '../codec/versions.js';
import { errorData, type ErrorData } from '../errors/codes.js';
import type { Logger } from '../log.js';
import type { IngestRows } from '../store/clickhouse/ingest-sink.js';
import { encodeParameterValueRows, encodeSessionRows } from '../store/clickhouse/rows.js';
import type { SessionStore, TaskRecord } from '../store/session-store.js';
import { CLEAR_SESSION_COOKIE, formatSessionCookie, newSessionId, parseSessionCookie, type SessionRef } from './cookie.js';
import { deviceIdOf, isDeviceId } from './device-id.js';
import { deviceRecordOf, parameterRowsOf, sessionRowOf } from './inform-facts.js';
import { errorReply, xmlReply, type CwmpReply, type CwmpRequest } from './reply.js';
import { decodeSessionState, encodeSessionState, type SessionState } from './session-state.js';
import { soapFaultReply } from './soap-fault.js';

export interface SessionEngineOptions {
  store: SessionStore;
  nodeName: string;
  sessionTimeoutMs: number;
  lockTtlMs: number;
  taskResultTtlMs: number;
  retryAfterS: number;
  log: Logger;
}

/** The session whose request lock this request holds, once open or load took it. */
interface HeldLock {
  ref: SessionRef | undefined;
}

export interface SessionEngine {
  handle(request: CwmpRequest): Promise<CwmpReply>;
}

const CWMP_1_0: CwmpNamespace = CWMP_NAMESPACES[0];

/** A session that keeps asking is broken somewhere: end it rather than loop. */
export const MAX_RPCS_PER_SESSION = 64;

/** The XSD bounds of DeviceIdStruct fields. */
const MAX_DEVICE_ID_FIELD = 64;

/** Why an Inform's DeviceId cannot name a device, or undefined when it can. */
function deviceIdProblem(inform: Inform, deviceId: string): string | undefined {
  const { Manufacturer, OUI, ProductClass, SerialNumber } = inform.DeviceId;
  if ([Manufacturer, OUI, ProductClass, SerialNumber].some((f) => f.length > MAX_DEVICE_ID_FIELD)) return `a field is longer than ${MAX_DEVICE_ID_FIELD} characters`;
  if (OUI === '' || SerialNumber === '') return 'OUI and SerialNumber must not be empty';
  return isDeviceId(deviceId) ? undefined : 'it does not form a valid device id';
}

/** An empty POST may still carry whitespace from sloppy HTTP stacks. */
function isBlank(body: Uint8Array): boolean {
  for (const byte of body) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  return true;
}

function namespaceOf(state: SessionState): CwmpNamespace {
  return CWMP_NAMESPACES[state.namespaceIndex] ?? CWMP_1_0;
}

export function createSessionEngine(options: SessionEngineOptions): SessionEngine {
  const { store, log, retryAfterS } = options;
  const fail = (name: Parameters<typeof errorData>[0], params: Record<string, string | number> = {}) =>
    errorReply(errorData(name, params), retryAfterS);

  /** Sends the next queued task, or ends the session when there is none. */
  async function nextStep(ref: SessionRef, state: SessionState, pending: readonly TaskRecord[], done: TaskRecord | undefined, rows: IngestRows[]): Promise<CwmpReply> {
    let next = pending.find((t) => t.status === 'pending' && t.id !== done?.id);
    if (next !== undefined && state.rpcCount >= MAX_RPCS_PER_SESSION) {
      log.warn('session reached its RPC limit; ending it', { deviceId: ref.deviceId, rpcs: state.rpcCount });
      next = undefined;
    }
    const base = { sessionTtlMs: options.sessionTimeoutMs, taskResultTtlMs: options.taskResultTtlMs };
    if (next === undefined) {
      const saved = await store.saveSession(ref.deviceId, ref.sessionId, { ...base, state: null, ...(done && { completedTask: done }) });
      if (!saved.ok) log.warn('session was replaced before it ended', { deviceId: ref.deviceId });
      return { status: 204, headers: [['Set-Cookie', CLEAR_SESSION_COOKIE]], body: null, rows, session: { event: 'ended', id: ref.sessionId } };
    }
    const requestId = `${next.id}.${state.rpcCount + 1}`;
    const nextState: SessionState = { ...state, rpcCount: state.rpcCount + 1, inflightTaskId: next.id, inflightRequestId: requestId };
    const saved = await store.saveSession(ref.deviceId, ref.sessionId, { ...base, state: encodeSessionState(nextState), ...(done && { completedTask: done }) });
    if (!saved.ok) return fail('NO_SESSION');
    const body = encodeEnvelope({ kind: 'GetParameterValues', ParameterNames: next.args.parameterNames }, { namespace: namespaceOf(state), header: { id: requestId } });
    return xmlReply(body, [], rows);
  }

  async function onInform(envelope: CwmpEnvelope, inform: Inform, request: CwmpRequest, held: HeldLock): Promise<CwmpReply> {
    const deviceId = deviceIdOf(inform.DeviceId);
    const problem = deviceIdProblem(inform, deviceId);
    if (problem !== undefined) return soapFaultReply(errorData('DEVICE_ID_INVALID', { detail: problem }), envelope.namespace ?? CWMP_1_0, envelope.header.id);
    const version = negotiateCwmpVersion(envelope.namespace, envelope.header);
    if (!version.ok) return soapFaultReply(errorData('VERSION_INCOMPATIBLE', { detail: version.detail }), envelope.namespace ?? CWMP_1_0, envelope.header.id);
    const ref = { deviceId, sessionId: newSessionId() };
    const opened = await store.openSession(deviceId, ref.sessionId, options.sessionTimeoutMs, options.lockTtlMs);
    if (!opened.ok) return fail('SESSION_BUSY', { deviceId });
    held.ref = ref;
    const device = deviceRecordOf(inform, deviceId, request.receivedMs, request.remoteAddress);
    const namespace = envelope.namespace ?? CWMP_1_0;
    const state: SessionState = {
      deviceId,
      namespaceIndex: CWMP_NAMESPACES.indexOf(namespace),
      startedMs: request.receivedMs,
      rpcCount: 0,
      cpeDone: false,
      inflightTaskId: '',
      inflightRequestId: '',
    };
    const saved = await store.saveSession(deviceId, ref.sessionId, {
      state: encodeSessionState(state),
      sessionTtlMs: options.sessionTimeoutMs,
      taskResultTtlMs: options.taskResultTtlMs,
      device,
    });
    if (!saved.ok) return fail('SESSION_BUSY', { deviceId });
    const rows = [
      encodeSessionRows([sessionRowOf(device, ref.sessionId, options.nodeName)]),
      encodeParameterValueRows(parameterRowsOf(inform.ParameterList, 'inform', deviceId, ref.sessionId, request.receivedMs)),
    ];
    // A CPE that offered versions is told which one the session uses (CWMP 1.4).
    const header = {
      ...(envelope.header.id === undefined ? {} : { id: envelope.header.id }),
      ...(version.useCwmpVersion === undefined ? {} : { useCwmpVersion: version.useCwmpVersion }),
    };
    const body = encodeEnvelope({ kind: 'InformResponse', MaxEnvelopes: 1 }, { namespace, header });
    const reply = xmlReply(body, [['Set-Cookie', formatSessionCookie(ref)]], rows);
    reply.session = { event: 'opened', id: ref.sessionId };
    return reply;
  }

  /** The CPE answered the RPC of the in-flight task: record the result on the task. */
  function completeTask(task: TaskRecord, answer: GetParameterValuesResponse | Fault, nowMs: number): TaskRecord {
    if (answer.kind === 'Fault') return failTask(task, { code: answer.FaultCode, message: answer.FaultString }, nowMs);
    const parameterValues = answer.ParameterList.map((p) => (p.type === undefined ? { name: p.Name, value: p.Value } : { name: p.Name, value: p.Value, type: p.type }));
    return { ...task, status: 'done', completedMs: nowMs, result: { parameterValues } };
  }

  function failTask(task: TaskRecord, fault: { code: number; message: string }, nowMs: number): TaskRecord {
    return { ...task, status: 'fault', completedMs: nowMs, fault };
  }

  /** True when the message answers the RPC in flight: the expected kind and, when given, its cwmp:ID. */
  function answersInflight(state: SessionState, envelope: CwmpEnvelope): boolean {
    const kind = envelope.message.kind;
    const id = envelope.header.id;
    return (kind === 'GetParameterValuesResponse' || kind === 'Fault') && (id === undefined || id === state.inflightRequestId);
  }

  async function inSession(request: CwmpRequest, held: HeldLock, envelope: CwmpEnvelope | undefined, invalid?: ErrorData): Promise<CwmpReply> {
    const ref = parseSessionCookie(request.cookie);
    if (ref === undefined) return fail('NO_SESSION');
    const loaded = await store.loadSession(ref.deviceId, ref.sessionId, options.lockTtlMs);
    if (!loaded.ok) return loaded.reason === 'busy' ? fail('SESSION_BUSY', { deviceId: ref.deviceId }) : fail('NO_SESSION');
    held.ref = ref;
    const state = decodeSessionState(loaded.state);
    const inflight = state.inflightTaskId === '' ? undefined : loaded.pendingTasks.find((t) => t.id === state.inflightTaskId);
    const cleared: SessionState = { ...state, inflightTaskId: '', inflightRequestId: '' };
    const now = request.receivedMs;
    const save = (done?: TaskRecord) =>
      store.saveSession(ref.deviceId, ref.sessionId, { state: encodeSessionState(cleared), sessionTtlMs: options.sessionTimeoutMs, taskResultTtlMs: options.taskResultTtlMs, ...(done && { completedTask: done }) });

    // A body the codec refused inside a session: answer with the fault, and a task waiting on this
    // answer fails with it rather than being asked again and again.
    if (invalid !== undefined) {
      await save(inflight && failTask(inflight, { code: invalid.cwmpFault ?? 8003, message: invalid.message }, now));
      return soapFaultReply(invalid, namespaceOf(state), undefined);
    }
    const message = envelope?.message;
    if (message === undefined) {
      // The empty POST. While an RPC is in flight it means the CPE will not answer it.
      const unanswered = inflight && failTask(inflight, { code: 8002, message: errorData('TASK_UNANSWERED', { received: 'an empty POST', method: inflight.name }).message }, now);
      return nextStep(ref, { ...cleared, cpeDone: true }, loaded.pendingTasks, unanswered, []);
    }

    if (message.kind === 'GetParameterValuesResponse' || message.kind === 'Fault') {
      if (inflight !== undefined && answersInflight(state, envelope!)) {
        const done = completeTask(inflight, message, now);
        const rows = message.kind === 'GetParameterValuesResponse' && message.ParameterList.length > 0
          ? [encodeParameterValueRows(parameterRowsOf(message.ParameterList, 'gpv', ref.deviceId, ref.sessionId, now))]
          : [];
        return nextStep(ref, cleared, loaded.pendingTasks, done, rows);
      }
      // A response nothing asked for (a replay after a lost HTTP reply, a stale cwmp:ID) completes
      // nothing; the session goes on with whatever is next, the in-flight RPC sent anew.
      log.warn('ignored a response that answers no RPC in flight', { deviceId: ref.deviceId, kind: message.kind, id: envelope?.header.id });
      return nextStep(ref, cleared, loaded.pendingTasks, undefined, []);
    }

    // A CPE request Provisio does not serve yet: answer with the CWMP fault the protocol names and
    // keep the session as it was.
    const method = message.kind === 'Unknown' ? message.method : message.kind;
    await store.saveSession(ref.deviceId, ref.sessionId, { state: loaded.state, sessionTtlMs: options.sessionTimeoutMs, taskResultTtlMs: options.taskResultTtlMs });
    return soapFaultReply(errorData('METHOD_NOT_SUPPORTED', { method }), namespaceOf(state), envelope?.header.id);
  }

  async function handle(request: CwmpRequest): Promise<CwmpReply> {
    const held: HeldLock = { ref: undefined };
    try {
      if (isBlank(request.body)) return await inSession(request, held, undefined);
      const decoded = decodeEnvelope(request.body);
      if (!decoded.ok) {
        // Well-formed CWMP with bad arguments is answered in CWMP (fault 8003); anything else in HTTP.
        if (decoded.error.httpStatus !== 200) return errorReply(decoded.error, retryAfterS);
        if (parseSessionCookie(request.cookie) !== undefined) return await inSession(request, held, undefined, decoded.error);
        return soapFaultReply(decoded.error, CWMP_1_0, undefined);
      }
      const { envelope } = decoded;
      if (envelope.message.kind === 'Inform') return await onInform(envelope, envelope.message, request, held);
      return await inSession(request, held, envelope);
    } catch (err) {
      // The request failed between taking the device's lock and saving: give the lock back so the
      // CPE's retry is served instead of waiting out lockTtlMs (best effort: the store may be down).
      if (held.ref !== undefined) await store.releaseLock(held.ref.deviceId, held.ref.sessionId).catch(() => undefined);
      if (err instanceof Error && err.name === 'StoreUnavailableError') {
        log.warn('session store unavailable', { error: err.message });
        return fail('STORE_UNAVAILABLE', { detail: err.message });
      }
      log.error('request failed', { error: err instanceof Error ? err.stack : String(err) });
      return fail('INTERNAL', { detail: 'see the Provisio log' });
    }
  }

  return { handle };
}
