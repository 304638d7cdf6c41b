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
import { errorData } from '../errors/codes.js';
import type { Logger } from '../log.js';
import type { IngestRows } from '../store/clickhouse/ingest-sink.js';
import { encodeParameterValueRows, encodeSessionRows } from '../store/clickhouse/rows.js';
import type { SessionStore, TaskRecord } from '../store/session-store.js';
import { CLEAR_SESSION_COOKIE, formatSessionCookie, newSessionId, parseSessionCookie, type SessionRef } from './cookie.js';
import { deviceIdOf } from './device-id.js';
import { deviceRecordOf, parameterRowsOf, sessionRowOf } from './inform-facts.js';
import { errorReply, xmlReply, type CwmpReply, type CwmpRequest } from './reply.js';
import { decodeSessionState, encodeSessionState, type SessionState } from './session-state.js';

export interface SessionEngineOptions {
  store: SessionStore;
  nodeName: string;
  sessionTimeoutMs: number;
  lockTtlMs: number;
  taskResultTtlMs: number;
  retryAfterS: number;
  log: Logger;
}

export interface SessionEngine {
  handle(request: CwmpRequest): Promise<CwmpReply>;
}

const CWMP_1_0: CwmpNamespace = CWMP_NAMESPACES[0];

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
    const next = pending.find((t) => t.status === 'pending' && t.id !== done?.id);
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

  async function onInform(envelope: CwmpEnvelope, inform: Inform, request: CwmpRequest): Promise<CwmpReply> {
    const deviceId = deviceIdOf(inform.DeviceId);
    const ref = { deviceId, sessionId: newSessionId() };
    const opened = await store.openSession(deviceId, ref.sessionId, options.sessionTimeoutMs, options.lockTtlMs);
    if (!opened.ok) return fail('SESSION_BUSY', { deviceId });
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
    const header = envelope.header.id === undefined ? {} : { id: envelope.header.id };
    const body = encodeEnvelope({ kind: 'InformResponse', MaxEnvelopes: 1 }, { namespace, header });
    const reply = xmlReply(body, [['Set-Cookie', formatSessionCookie(ref)]], rows);
    reply.session = { event: 'opened', id: ref.sessionId };
    return reply;
  }

  /** The CPE answered the RPC of the in-flight task: record the result on the task. */
  function completeTask(state: SessionState, pending: readonly TaskRecord[], answer: GetParameterValuesResponse | Fault, nowMs: number): TaskRecord | undefined {
    const task = pending.find((t) => t.id === state.inflightTaskId);
    if (task === undefined) return undefined;
    if (answer.kind === 'Fault') {
      return { ...task, status: 'fault', completedMs: nowMs, fault: { code: answer.FaultCode, message: answer.FaultString } };
    }
    const parameterValues = answer.ParameterList.map((p) => (p.type === undefined ? { name: p.Name, value: p.Value } : { name: p.Name, value: p.Value, type: p.type }));
    return { ...task, status: 'done', completedMs: nowMs, result: { parameterValues } };
  }

  async function inSession(request: CwmpRequest, envelope: CwmpEnvelope | undefined): Promise<CwmpReply> {
    const ref = parseSessionCookie(request.cookie);
    if (ref === undefined) return fail('NO_SESSION');
    const loaded = await store.loadSession(ref.deviceId, ref.sessionId, options.lockTtlMs);
    if (!loaded.ok) return loaded.reason === 'busy' ? fail('SESSION_BUSY', { deviceId: ref.deviceId }) : fail('NO_SESSION');
    const state = decodeSessionState(loaded.state);
    const message = envelope?.message;
    if (message === undefined) return nextStep(ref, { ...state, cpeDone: true }, loaded.pendingTasks, undefined, []);

    if ((message.kind === 'GetParameterValuesResponse' || message.kind === 'Fault') && state.inflightTaskId !== '') {
      const done = completeTask(state, loaded.pendingTasks, message, request.receivedMs);
      const rows = message.kind === 'GetParameterValuesResponse' && message.ParameterList.length > 0
        ? [encodeParameterValueRows(parameterRowsOf(message.ParameterList, 'gpv', ref.deviceId, ref.sessionId, request.receivedMs))]
        : [];
      const cleared = { ...state, inflightTaskId: '', inflightRequestId: '' };
      return nextStep(ref, cleared, loaded.pendingTasks, done, rows);
    }

    // A CPE request Provisio does not serve yet, or a response nothing asked for: answer with the
    // CWMP fault the protocol names and keep the session as it was.
    const method = message.kind === 'Unknown' ? message.method : message.kind;
    const fault = errorData('METHOD_NOT_SUPPORTED', { method });
    await store.saveSession(ref.deviceId, ref.sessionId, { state: loaded.state, sessionTtlMs: options.sessionTimeoutMs, taskResultTtlMs: options.taskResultTtlMs });
    const body = encodeEnvelope(
      { kind: 'Fault', faultcode: 'Client', faultstring: 'CWMP fault', FaultCode: fault.cwmpFault ?? 8000, FaultString: fault.message, SetParameterValuesFault: [] },
      { namespace: namespaceOf(state), header: envelope?.header.id === undefined ? {} : { id: envelope.header.id } },
    );
    return xmlReply(body);
  }

  async function handle(request: CwmpRequest): Promise<CwmpReply> {
    try {
      if (isBlank(request.body)) return await inSession(request, undefined);
      const decoded = decodeEnvelope(request.body);
      if (!decoded.ok) return errorReply(decoded.error, retryAfterS);
      const { envelope } = decoded;
      if (envelope.message.kind === 'Inform') return await onInform(envelope, envelope.message, request);
      return await inSession(request, envelope);
    } catch (err) {
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
