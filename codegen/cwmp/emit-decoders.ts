/**
 * Emits the decoder tables: per struct, its fields (kind, limits, nested struct) and a switch from
 * name id to field index, which the table-driven state machine in src/codec/body-decoder.ts runs
 * on tokenizer events. A message's state machine is its struct's table plus those it nests.
 */
import type { CwmpModel, FieldModel, FieldType, StructModel } from './model.js';
import { allNames, HEADER, TRIMMED_FIELDS } from './naming.js';

/** Field kinds; the numbering is the runtime's too (exported as constants from the output). */
const KINDS = ['STRING', 'INT', 'UNSIGNED_INT', 'LONG', 'UNSIGNED_LONG', 'BOOLEAN', 'DATE_TIME', 'BASE64', 'HEX_BINARY', 'VALUE', 'STRUCT', 'ARRAY', 'POLY', 'EVENT_CODE'] as const;
type Kind = (typeof KINDS)[number];

const SCALAR_KIND: Readonly<Record<string, Kind>> = {
  string: 'STRING',
  int: 'INT',
  unsignedInt: 'UNSIGNED_INT',
  long: 'LONG',
  unsignedLong: 'UNSIGNED_LONG',
  boolean: 'BOOLEAN',
  dateTime: 'DATE_TIME',
  base64: 'BASE64',
  hexBinary: 'HEX_BINARY',
  anySimpleType: 'VALUE',
};

/** The SOAP Fault around `detail/cwmp:Fault`, decoded like any struct and flattened by the runtime. */
const SOAP_STRUCTS: StructModel[] = [
  {
    name: 'SoapFault',
    fields: [
      { name: 'faultcode', type: { kind: 'scalar', scalar: 'string' }, minOccurs: 1, maxOccurs: 1, lenientDefault: '' },
      { name: 'faultstring', type: { kind: 'scalar', scalar: 'string' }, minOccurs: 1, maxOccurs: 1, lenientDefault: '' },
      { name: 'detail', type: { kind: 'struct', struct: 'SoapFaultDetail' }, minOccurs: 1, maxOccurs: 1 },
    ],
  },
  { name: 'SoapFaultDetail', fields: [{ name: 'Fault', type: { kind: 'struct', struct: 'Fault' }, minOccurs: 1, maxOccurs: 1 }] },
];

function kindOf(t: FieldType, fieldName: string): Kind {
  if (t.kind === 'scalar') return fieldName === 'EventCode' ? 'EVENT_CODE' : (SCALAR_KIND[t.scalar] as Kind);
  return t.kind === 'struct' ? 'STRUCT' : t.kind === 'array' ? 'ARRAY' : 'POLY';
}

function lit(value: number): string {
  return value === Infinity ? '-1' : String(value);
}

export function emitDecoders(model: CwmpModel): string {
  const names = allNames(model);
  const nameId = (n: string): number => {
    const id = names.indexOf(n);
    if (id < 0) throw new Error(`name ${n} missing from the name table`);
    return id;
  };
  const structs = [...model.structs, ...SOAP_STRUCTS];
  const index = (n: string): number => {
    const i = structs.findIndex((s) => s.name === n);
    if (i < 0) throw new Error(`no struct ${n}`);
    return i;
  };
  const out: string[] = [HEADER];
  out.push("import type { FieldDesc, StructDesc } from '../../codec/decoder-tables.js';");
  out.push('');
  out.push('/** Field kinds of the decoder tables. */');
  KINDS.forEach((k, i) => out.push(`export const F_${k} = ${i};`));
  out.push('');
  // The table shapes are part of the hand-written runtime (src/codec/decoder-tables.ts): the
  // generated tables only fill them.
  out.push('export type { FieldDesc, StructDesc };');
  out.push('');
  const fieldDesc = (f: FieldModel): string => {
    const t = f.type;
    const item = t.kind === 'array' ? t.item : undefined;
    const structRef = t.kind === 'struct' ? t.struct : item?.kind === 'struct' ? item.struct : undefined;
    const poly = t.kind === 'poly' ? t : item?.kind === 'poly' ? item : undefined;
    const maxLength = t.kind === 'scalar' ? (t.maxLength ?? -1) : item?.kind === 'scalar' ? (item.maxLength ?? -1) : -1;
    const repeated = f.maxOccurs > 1 && t.kind !== 'array';
    const maxItems = t.kind === 'array' ? t.maxItems : repeated ? f.maxOccurs : 1;
    const parts = [
      `key: '${f.name}'`,
      `kind: F_${kindOf(t, f.name)}`,
      `itemKind: ${item === undefined ? -1 : `F_${kindOf(item, t.kind === 'array' ? t.itemName : f.name)}`}`,
      `struct: ${structRef === undefined ? -1 : index(structRef)}`,
      `subtypes: [${poly === undefined ? '' : poly.subtypes.map(index).join(', ')}]`,
      `itemName: '${t.kind === 'array' ? t.itemName : ''}'`,
      `maxLength: ${maxLength}`,
      `required: ${f.minOccurs > 0 && f.lenientDefault === undefined}`,
      `lenientDefault: ${f.lenientDefault === undefined ? 'undefined' : JSON.stringify(f.lenientDefault)}`,
      `repeated: ${repeated}`,
      `maxItems: ${lit(maxItems)}`,
      `trim: ${TRIMMED_FIELDS.has(f.name)}`,
    ];
    return `    { ${parts.join(', ')} },`;
  };
  out.push('/** Every struct, messages included, in name order; SoapFault and SoapFaultDetail last. */');
  out.push('export const STRUCTS: readonly StructDesc[] = [');
  structs.forEach((s, i) => {
    out.push(`  // ${i}`);
    out.push('  {', `    name: '${s.name}',`, '    fields: [');
    for (const f of s.fields) out.push(`  ${fieldDesc(f)}`);
    out.push('    ],');
    if (s.fields.length === 0) {
      out.push('    field: () => -1,');
      out.push('    set(): void {},');
    } else {
      out.push('    field(id: number): number {', '      switch (id) {');
      s.fields.forEach((f, fi) => out.push(`        case ${nameId(f.name)}: return ${fi}; // ${f.name}`));
      out.push('      }', '      return -1;', '    },');
      out.push('    set(obj: Record<string, unknown>, field: number, value: unknown): void {', '      switch (field) {');
      s.fields.forEach((f, fi) => out.push(`        case ${fi}: obj[${JSON.stringify(f.name)}] = value; return;`));
      out.push('      }', '    },');
    }
    out.push('  },');
  });
  out.push('];', '');
  out.push('/** Struct index of the message with this name id (the Body\'s first element), or -1. */');
  out.push('export function messageStruct(nameId: number): number {', '  switch (nameId) {');
  for (const m of model.messages) out.push(`    case ${nameId(m.name)}: return ${index(m.name)}; // ${m.name}`);
  out.push('  }', '  return -1;', '}', '');
  out.push(`/** Struct index of the SOAP Fault wrapper. */\nexport const SOAP_FAULT_STRUCT = ${index('SoapFault')};`, '');
  return out.join('\n');
}
