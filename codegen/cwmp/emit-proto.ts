/**
 * Emits `cwmp.proto` (proto2, for people and other tools) and `cwmp-proto-descriptor.ts`, the same
 * schema as a protobufjs JSON descriptor that `protobufjs/light` loads without parsing .proto
 * text at run time. Field numbers follow the XSD element order and so stay stable as long as the
 * schemas only append, which is how BBF has extended them.
 */
import type { CwmpModel, FieldModel, FieldType, ScalarType, StructModel } from './model.js';
import { HEADER } from './naming.js';

const PROTO_SCALAR: Readonly<Record<ScalarType, string>> = {
  string: 'string',
  int: 'sint32',
  unsignedInt: 'uint32',
  long: 'sint64',
  unsignedLong: 'uint64',
  boolean: 'bool',
  dateTime: 'string',
  base64: 'string',
  hexBinary: 'string',
  anySimpleType: 'string',
};

interface ProtoField {
  name: string;
  type: string;
  repeated: boolean;
}

function protoType(t: FieldType): string {
  switch (t.kind) {
    case 'scalar':
      return PROTO_SCALAR[t.scalar];
    case 'struct':
      return t.struct;
    case 'poly':
      return t.base;
    case 'array':
      return protoType(t.item);
  }
}

function fieldsOf(f: FieldModel): ProtoField {
  return { name: f.name, type: protoType(f.type), repeated: f.type.kind === 'array' || f.maxOccurs > 1 };
}

/** Messages of the schema, in name order, each with its fields in XSD order. */
function protoMessages(model: CwmpModel): Array<[string, ProtoField[]]> {
  const polys = new Map<string, string[]>();
  const visit = (t: FieldType): void => {
    if (t.kind === 'poly') polys.set(t.base, t.subtypes);
    if (t.kind === 'array') visit(t.item);
  };
  for (const s of model.structs) for (const f of s.fields) visit(f.type);
  const byStruct = new Map<string, StructModel>(model.structs.map((s) => [s.name, s]));
  const out: Array<[string, ProtoField[]]> = [];
  for (const s of model.structs) {
    const subtypes = polys.get(s.name);
    let fields: ProtoField[];
    if (subtypes !== undefined) {
      // The concrete type's name, then the union of the concrete types' fields (same name, same type).
      fields = [{ name: 'type', type: 'string', repeated: false }];
      for (const sub of subtypes) {
        for (const f of byStruct.get(sub)?.fields ?? []) if (!fields.some((x) => x.name === f.name)) fields.push(fieldsOf(f));
      }
    } else {
      fields = s.fields.map(fieldsOf);
      if (s.fields.some((f) => f.type.kind === 'scalar' && f.type.scalar === 'anySimpleType')) fields.push({ name: 'type', type: 'string', repeated: false });
      if (s.name === 'Fault') fields.push({ name: 'faultcode', type: 'string', repeated: false }, { name: 'faultstring', type: 'string', repeated: false });
    }
    out.push([s.name, fields]);
  }
  out.push(['UnknownMethod', [{ name: 'method', type: 'string', repeated: false }]]);
  const oneof: ProtoField[] = [...model.messages.map((m) => ({ name: m.name, type: m.name, repeated: false })), { name: 'Unknown', type: 'UnknownMethod', repeated: false }];
  out.push(['CwmpMessage', oneof]);
  out.push([
    'CwmpHeader',
    ['id:string', 'holdRequests:bool', 'sessionTimeout:uint32', 'supportedCwmpVersions:string', 'useCwmpVersion:string', 'noMoreRequests:bool'].map((p) => {
      const [name, type] = p.split(':') as [string, string];
      return { name, type, repeated: false };
    }),
  ]);
  out.push([
    'CwmpEnvelope',
    [
      { name: 'namespace', type: 'string', repeated: false },
      { name: 'header', type: 'CwmpHeader', repeated: false },
      { name: 'message', type: 'CwmpMessage', repeated: false },
    ],
  ]);
  return out;
}

export function emitProto(model: CwmpModel): string {
  const out = [HEADER, 'syntax = "proto2";', '', 'package provisio.cwmp;', ''];
  for (const [name, fields] of protoMessages(model)) {
    if (name === 'CwmpMessage') {
      out.push('message CwmpMessage {', '  oneof message {');
      fields.forEach((f, i) => out.push(`    ${f.type} ${f.name} = ${i + 1};`));
      out.push('  }', '}', '');
      continue;
    }
    out.push(`message ${name} {`);
    fields.forEach((f, i) => out.push(`  ${f.repeated ? 'repeated' : 'optional'} ${f.type} ${f.name} = ${i + 1};`));
    out.push('}', '');
  }
  return out.join('\n');
}

export function emitProtoDescriptor(model: CwmpModel): string {
  const nested: Record<string, unknown> = {};
  for (const [name, fields] of protoMessages(model)) {
    // proto2, as cwmp.proto says: field presence is kept, so '' and 0 survive a round trip.
    const json: Record<string, unknown> = { edition: 'proto2' };
    const fieldJson: Record<string, unknown> = {};
    fields.forEach((f, i) => {
      fieldJson[f.name] = f.repeated ? { rule: 'repeated', type: f.type, id: i + 1 } : { type: f.type, id: i + 1 };
    });
    if (name === 'CwmpMessage') json.oneofs = { message: { oneof: fields.map((f) => f.name) } };
    json.fields = fieldJson;
    nested[name] = json;
  }
  // One message per line: readable in a diff, and a fraction of the size of indented JSON.
  const lines = Object.entries(nested).map(([name, json]) => `          ${JSON.stringify(name)}: ${JSON.stringify(json)},`);
  return [
    HEADER,
    '/** The messages of cwmp.proto as a protobufjs JSON descriptor (load with `Root.fromJSON` from protobufjs/light). */',
    'export const CWMP_PROTO_DESCRIPTOR = {',
    '  nested: {',
    '    provisio: {',
    '      nested: {',
    '        cwmp: {',
    '          nested: {',
    ...lines,
    '          },',
    '        },',
    '      },',
    '    },',
    '  },',
    '} as const;',
    '',
  ].join('\n');
}
