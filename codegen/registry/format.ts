/**
 * The packed layout shared by the generated registry data and the runtime in
 * `src/codec/parameter-registry.ts`. The generator writes these constants into
 * `src/generated/registry/format.ts`, so the runtime reads the layout the data was written with.
 */
import { BUILTIN_TYPES, STATUSES } from './read-model.js';

export const XSI_TYPES: Readonly<Record<(typeof BUILTIN_TYPES)[number], string>> = {
  string: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  unsignedInt: 'xsd:unsignedInt',
  long: 'xsd:long',
  unsignedLong: 'xsd:unsignedLong',
  dateTime: 'xsd:dateTime',
  base64: 'xsd:base64',
  hexBinary: 'xsd:hexBinary',
  decimal: 'xsd:decimal',
};
export const ACCESS = ['readOnly', 'readWrite', 'writeOnceReadOnly'] as const;
export const ACTIVE_NOTIFY = ['normal', 'canDeny', 'forceEnabled', 'forceDefaultEnabled'] as const;
export const NODE_KINDS = ['parameter', 'object', 'table', 'row'] as const;

/** Bit layout of a node's flags word. */
export const FLAG = {
  KIND_SHIFT: 0,
  ACCESS_SHIFT: 2,
  STATUS_SHIFT: 4,
  NOTIFY_SHIFT: 6,
  TWO_BITS: 3,
  HIDDEN: 1 << 8,
  SECURED: 1 << 9,
  COMMAND: 1 << 10,
  FORCED_INFORM: 1 << 11,
} as const;

/** Bits of a packed type's flags slot. */
export const TYPE_FLAG = { PATH_REF: 1, NESTED_LIST: 2 } as const;

/** Numbers per node in `NODES`: parent node index (-1 at a root), name string, flags, type index (-1 for objects). */
export const NODE_STRIDE = 4;

/** Text of the generated `format.ts`. */
export function formatModuleText(header: string): string {
  const c = (v: unknown): string => JSON.stringify(v);
  return `${header}
/** Built-in DM types, by index; a packed type's first slot indexes this list. */
export const BASE_TYPES = ${c(BUILTIN_TYPES)} as const;
/** Wire \`xsi:type\` of each entry of BASE_TYPES. */
export const XSI_TYPES = ${c(BUILTIN_TYPES.map((t) => XSI_TYPES[t]))} as const;
export const ACCESS = ${c(ACCESS)} as const;
export const STATUSES = ${c(STATUSES)} as const;
export const ACTIVE_NOTIFY = ${c(ACTIVE_NOTIFY)} as const;
export const NODE_KINDS = ${c(NODE_KINDS)} as const;
/** Bit layout of a node's flags word. */
export const FLAG = ${c(FLAG)} as const;
/** Bits of a packed type's flags slot. */
export const TYPE_FLAG = ${c(TYPE_FLAG)} as const;
/** Numbers per node in NODES: parent node index (-1 at a root), name string, flags, type index (-1 for objects). */
export const NODE_STRIDE = ${NODE_STRIDE};

/**
 * One resolved parameter type. String slots index STRINGS (-1 = absent). Absent bounds are null.
 * sizes: [minLength, maxLength]*; ranges: [min, max, step]*; list: [] or [minItems, maxItems, minLength, maxLength]*.
 */
export type PackedType = readonly [
  base: number,
  named: number,
  units: number,
  sizes: readonly (number | null)[],
  ranges: readonly (number | null)[],
  enumerations: readonly number[],
  readOnlyEnumerations: readonly number[],
  patterns: readonly number[],
  list: readonly (number | null)[],
  enumerationRef: number,
  flags: number,
];
`;
}
