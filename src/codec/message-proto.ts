/**
 * Compact binary form of CWMP messages and envelopes, for session state in Redis: the generated
 * cwmp.proto, loaded from its JSON descriptor with protobufjs/light (no .proto parsing at run
 * time). Field names are the spec's, so a decoded object is the codec's own type again.
 *
 * Not stored: the `typed` form of a Value, which is derived from `Value` and `type` and would
 * double the size; {@link decodeMessageProto} rebuilds it.
 */
import protobuf from 'protobufjs/light.js';
import { CWMP_PROTO_DESCRIPTOR } from '../generated/cwmp/cwmp-proto-descriptor.js';
import type { CwmpMessage } from '../generated/cwmp/types.js';
import { typedValueOf } from './decode-values.js';
import { CWMP_NAMESPACES, type CwmpEnvelope, type CwmpNamespace } from './messages.js';

const root = protobuf.Root.fromJSON(CWMP_PROTO_DESCRIPTOR as unknown as protobuf.INamespace);
const MessageType = root.lookupType('provisio.cwmp.CwmpMessage');
const EnvelopeType = root.lookupType('provisio.cwmp.CwmpEnvelope');

/** Conversion options: lists always present (even empty), nothing else filled in. */
const TO_OBJECT: protobuf.IConversionOptions = { arrays: true, longs: String };

type Obj = Record<string, unknown>;

/** `typed` dropped from every ParameterValueStruct-like entry (anything with `Value` and `typed`). */
function stripTyped(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripTyped);
  if (value === null || typeof value !== 'object') return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value as Obj)) if (k !== 'typed') out[k] = stripTyped(v);
  return out;
}

function restoreTyped(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) restoreTyped(v);
  } else if (value !== null && typeof value === 'object') {
    const o = value as Obj;
    if (typeof o.type === 'string' && typeof o.Value === 'string') {
      const typed = typedValueOf(o.type, o.Value);
      if (typed !== null && typed !== undefined) o.typed = typed;
    }
    for (const v of Object.values(o)) if (typeof v === 'object') restoreTyped(v);
  }
}

function toProtoMessage(message: CwmpMessage): Obj {
  const { kind, ...fields } = message as Obj & { kind: string };
  return { [kind]: stripTyped(fields) };
}

function fromProtoMessage(obj: Obj): CwmpMessage {
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined || value === null) continue;
    restoreTyped(value);
    return { kind: key, ...(value as Obj) } as unknown as CwmpMessage;
  }
  throw new Error('stored CWMP message holds no message: the store entry is corrupted');
}

export function encodeMessageProto(message: CwmpMessage): Uint8Array {
  return MessageType.encode(MessageType.fromObject(toProtoMessage(message))).finish();
}

/** Decodes bytes from {@link encodeMessageProto}; throws on bytes that are not one. */
export function decodeMessageProto(bytes: Uint8Array): CwmpMessage {
  return fromProtoMessage(MessageType.toObject(MessageType.decode(bytes), TO_OBJECT));
}

export function encodeEnvelopeProto(envelope: CwmpEnvelope): Uint8Array {
  const obj: Obj = { header: envelope.header, message: toProtoMessage(envelope.message) };
  if (envelope.namespace !== undefined) obj.namespace = envelope.namespace;
  return EnvelopeType.encode(EnvelopeType.fromObject(obj)).finish();
}

/** Decodes bytes from {@link encodeEnvelopeProto} (warnings are not stored). */
export function decodeEnvelopeProto(bytes: Uint8Array): CwmpEnvelope {
  const obj = EnvelopeType.toObject(EnvelopeType.decode(bytes), TO_OBJECT) as Obj;
  const ns = obj.namespace as string | undefined;
  const namespace = ns !== undefined && (CWMP_NAMESPACES as readonly string[]).includes(ns) ? (ns as CwmpNamespace) : undefined;
  return { namespace, header: (obj.header as Obj | undefined) ?? {}, message: fromProtoMessage((obj.message as Obj | undefined) ?? {}) };
}
