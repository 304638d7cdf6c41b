/**
 * A sample of every CWMP message, built from the generated decoder tables so that a message added
 * to the XSDs gets a sample (and so round-trip and split tests) by regenerating alone. Strings
 * carry characters that need escaping; every optional field is filled so that it round-trips too.
 */
import {
  F_ARRAY,
  F_BASE64,
  F_BOOLEAN,
  F_DATE_TIME,
  F_EVENT_CODE,
  F_HEX_BINARY,
  F_INT,
  F_LONG,
  F_POLY,
  F_STRUCT,
  F_UNSIGNED_INT,
  F_UNSIGNED_LONG,
  F_VALUE,
  STRUCTS,
  type FieldDesc,
  type StructDesc,
} from '../../src/generated/cwmp/decoders.js';
import { MESSAGE_KINDS, type EncodableMessage } from '../../src/generated/cwmp/types.js';

type Obj = Record<string, unknown>;

function scalar(kind: number, f: FieldDesc, i: number): unknown {
  switch (kind) {
    case F_INT:
      return -7 - i;
    case F_UNSIGNED_INT:
      return 42 + i;
    case F_LONG:
    case F_UNSIGNED_LONG:
      return BigInt(9_007_199_254_740_993 + i);
    case F_BOOLEAN:
      return i % 2 === 0;
    case F_DATE_TIME:
      return '2024-05-01T08:30:00Z';
    case F_BASE64:
      return 'AAECAw==';
    case F_HEX_BINARY:
      return 'a1b2';
    case F_EVENT_CODE:
      return i === 0 ? '1 BOOT' : 'M Reboot';
    default: {
      const s = f.trim ? `${f.key}.${i}` : `${f.key} <&> "q" 'a' ${i} é`;
      return f.maxLength >= 0 ? s.slice(0, f.maxLength) : s;
    }
  }
}

function struct(desc: StructDesc): Obj {
  const obj: Obj = {};
  for (const f of desc.fields) obj[f.key] = field(f, obj);
  return obj;
}

function item(kind: number, f: FieldDesc, i: number): unknown {
  if (kind === F_STRUCT) return struct(STRUCTS[f.struct] as StructDesc);
  if (kind === F_POLY) {
    const sub = STRUCTS[f.subtypes[i % f.subtypes.length] as number] as StructDesc;
    return { type: sub.name, ...struct(sub) };
  }
  return scalar(kind, f, i);
}

function field(f: FieldDesc, owner: Obj): unknown {
  if (f.kind === F_VALUE) {
    owner.type = 'unsignedInt';
    return '4294967295';
  }
  if (f.kind === F_ARRAY || f.repeated || f.kind === F_POLY) {
    const count = f.kind === F_POLY ? Math.max(f.subtypes.length, 2) : f.maxItems < 0 ? 3 : Math.min(2, f.maxItems);
    return Array.from({ length: count }, (_, i) => item(f.kind === F_ARRAY ? f.itemKind : f.kind, f, i));
  }
  return item(f.kind, f, 0);
}

/** One filled-in sample per message kind, in MESSAGE_KINDS order. */
export function sampleMessages(): EncodableMessage[] {
  return MESSAGE_KINDS.map((kind) => {
    const desc = STRUCTS.find((s) => s.name === kind) as StructDesc;
    const body = struct(desc);
    const extra = kind === 'Fault' ? { faultcode: 'Client', faultstring: 'CWMP fault' } : {};
    return { kind, ...extra, ...body } as unknown as EncodableMessage;
  });
}

/** The message without the `typed` forms the decoder adds beside typed Values. */
export function withoutTyped<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutTyped) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value as Obj)) if (k !== 'typed') out[k] = withoutTyped(v);
  return out as T;
}
