/**
 * What a CWMP session carries between its HTTP requests, encoded with protobufjs so the state
 * stored per session stays a few dozen bytes however many nodes serve the session.
 */
import protobuf from 'protobufjs/light.js';

export interface SessionState {
  deviceId: string;
  /** Index into CWMP_NAMESPACES of the version the CPE spoke in its Inform. */
  namespaceIndex: number;
  startedMs: number;
  /** RPCs the ACS has sent in this session. */
  rpcCount: number;
  /** The CPE sent its empty POST: it has no more requests, so the ACS may send its own. */
  cpeDone: boolean;
  /** The task whose RPC awaits the CPE's response; empty when none. */
  inflightTaskId: string;
  /** cwmp:ID of that RPC. */
  inflightRequestId: string;
}

const { Field, Root, Type } = protobuf;

// Field numbers are the wire contract between nodes of different versions: never reuse one.
const SessionStateType = new Type('SessionState')
  .add(new Field('deviceId', 1, 'string'))
  .add(new Field('namespaceIndex', 2, 'uint32'))
  .add(new Field('startedMs', 3, 'double'))
  .add(new Field('rpcCount', 4, 'uint32'))
  .add(new Field('cpeDone', 5, 'bool'))
  .add(new Field('inflightTaskId', 6, 'string'))
  .add(new Field('inflightRequestId', 7, 'string'));
new Root().define('provisio').add(SessionStateType);

export function encodeSessionState(state: SessionState): Uint8Array {
  return SessionStateType.encode(SessionStateType.fromObject(state)).finish();
}

/** Decodes stored state; throws on bytes that are not a session state (a corrupted store entry). */
export function decodeSessionState(bytes: Uint8Array): SessionState {
  const message = SessionStateType.decode(bytes);
  return SessionStateType.toObject(message, { defaults: true, longs: Number }) as SessionState;
}
