/**
 * The shapes of the decoder tables that codegen writes into src/generated/cwmp/decoders.ts: one
 * StructDesc per XSD struct, one FieldDesc per element. Hand-written because the decoder runtime
 * (body-machine.ts) is written against them; the generated file only fills them.
 */

/** How one field of a struct is decoded. */
export interface FieldDesc {
  /** Property name in the decoded object (the XSD element name). */
  readonly key: string;
  readonly kind: number;
  /** For ARRAY: the kind of each item (a scalar kind, STRUCT or POLY). */
  readonly itemKind: number;
  /** Struct index for STRUCT and ARRAY of STRUCT; -1 otherwise. */
  readonly struct: number;
  /** Struct indexes of the concrete types of a POLY field or item. */
  readonly subtypes: readonly number[];
  /** Element name of an array item in the XSD (for messages and the encoder's arrayType). */
  readonly itemName: string;
  /** maxLength from the XSD, -1 when it states none. */
  readonly maxLength: number;
  /** Absent and required: the message is refused unless a lenient default is set. */
  readonly required: boolean;
  readonly lenientDefault: string | undefined;
  /** The element may repeat (maxOccurs > 1): the property is a list. */
  readonly repeated: boolean;
  /** Most entries of an array or repeated element; -1 for unbounded. */
  readonly maxItems: number;
  /** Surrounding whitespace is dropped (identifiers). */
  readonly trim: boolean;
}

/** One struct's table: its fields and the switch from name id to field index. */
export interface StructDesc {
  readonly name: string;
  readonly fields: readonly FieldDesc[];
  /** Index into `fields` of the element with this name id, or -1. */
  field(nameId: number): number;
  /**
   * Stores `value` as field `field` (an index into `fields`) of `obj`: one store site per
   * struct, by a constant name, instead of one keyed store shared by every struct's shapes.
   */
  set(obj: Record<string, unknown>, field: number, value: unknown): void;
}
