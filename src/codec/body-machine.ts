/**
 * The table-driven state machine that turns the tokenizer events under a Body method element into
 * a typed message. Each struct's table (src/generated/cwmp/decoders.ts) says, per element name id,
 * which field it fills and how; this machine keeps one frame per open element on flat stacks, so a
 * message costs no per-element closures or lookups by string.
 *
 * Children are matched by local name whatever their prefix (the XSDs make arguments unqualified,
 * some CPEs qualify them). Array items are taken whatever their name (`ParameterValueStruct`,
 * `string`, `xsd:string`…): the count and order are what matter. Unknown elements are skipped
 * with a warning, as TR-069 asks (a vendor `<WanIPAddress>` inside `DeviceId`).
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
} from '../generated/cwmp/decoders.js';
import type { XmlAttribute } from './xml/xml-events.js';
import { booleanOf, echo, intOf, invalidArguments, longOf, MAX_LIST_ITEMS, typedValueOf, unsignedIntOf } from './decode-values.js';
import type { Warnings } from './warnings.js';

const FRAME_STRUCT = 0;
const FRAME_ARRAY = 1;
const FRAME_SCALAR = 2;
/** A poly list written as one wrapper with typed children (`<Operations><InstallOpStruct>…`). */
const FRAME_POLY_WRAPPER = 3;

type Obj = Record<string, unknown>;

/** What to do with a value longer than its XSD maxLength. */
export type LengthPolicy = 'warn' | 'reject';

const XSI_TYPE = 'type';

/** The last xsi:type value read and its type: the same few values repeat on every Value. */
let lastTypeValue = '';
let lastType = '';

/** The xsi:type of an element without its prefix, whatever prefix bound xsi; undefined when none. */
function xsiType(attributes: readonly XmlAttribute[]): string | undefined {
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i] as XmlAttribute;
    if (a.local === XSI_TYPE && a.prefix !== '' && a.prefix !== 'xmlns') {
      const value = a.value;
      if (value === lastTypeValue) return lastType;
      const v = value.trim();
      const colon = v.indexOf(':');
      lastType = colon < 0 ? v : v.slice(colon + 1);
      lastTypeValue = value;
      return lastType;
    }
  }
  return undefined;
}

/** `1 Boot` → `1 BOOT`: the numbered codes are upper case in the spec; `M`/`X` codes keep their case. */
function normaliseEventCode(code: string): string {
  const c = code.charCodeAt(0);
  return c >= 48 && c <= 57 ? code.toUpperCase() : code;
}

export class BodyMachine {
  // One entry per open element below the method; index 0 is the method itself.
  private readonly frameKind: number[] = [];
  /** The object (STRUCT), list (ARRAY, POLY_WRAPPER) or owner object (SCALAR) of the frame. */
  private readonly frameValue: unknown[] = [];
  /** The struct table of a STRUCT frame. */
  private readonly frameStruct: Array<StructDesc | undefined> = [];
  /** The field of the parent struct this frame fills, or of the parent array's items. */
  private readonly frameField: Array<FieldDesc | undefined> = [];
  /** Index of frameField in its parent struct's fields, or -1 (an array item, the method). */
  private readonly frameFieldIndex: number[] = [];
  /** Of a STRUCT frame: a bit per field index (below 31) already filled. */
  private readonly frameSeen: number[] = [];
  /** The scalar kind a SCALAR frame parses its text as. */
  private readonly frameScalar: number[] = [];
  /** Path segment for messages: the field name or the array item name. */
  private readonly frameName: string[] = [];
  private top = -1;
  private skipDepth = 0;
  private text = '';
  private valueType: string | undefined;
  private result: Obj | undefined;

  constructor(
    private readonly warnings: Warnings,
    private readonly lengthPolicy: LengthPolicy,
  ) {}

  /** Starts a message whose struct is `structIndex`, at its method element. */
  begin(structIndex: number, methodName: string): void {
    this.top = -1;
    this.skipDepth = 0;
    this.result = undefined;
    this.push(FRAME_STRUCT, {}, STRUCTS[structIndex], undefined, -1, -1, methodName);
  }

  /** The decoded message object once the method element has closed. */
  take(): Obj | undefined {
    const r = this.result;
    this.result = undefined;
    return r;
  }

  private push(kind: number, value: unknown, struct: StructDesc | undefined, field: FieldDesc | undefined, fieldIndex: number, scalar: number, name: string): void {
    const t = ++this.top;
    this.frameKind[t] = kind;
    this.frameValue[t] = value;
    this.frameStruct[t] = struct;
    this.frameField[t] = field;
    this.frameFieldIndex[t] = fieldIndex;
    this.frameSeen[t] = 0;
    this.frameScalar[t] = scalar;
    this.frameName[t] = name;
  }

  private path(extra?: string): string {
    let p = '';
    for (let i = 0; i <= this.top; i++) p += (i === 0 ? '' : '/') + this.frameName[i];
    return extra === undefined ? p : `${p}/${extra}`;
  }

  open(nameId: number, local: string, attributes: readonly XmlAttribute[]): void {
    if (this.skipDepth > 0) {
      this.skipDepth++;
      return;
    }
    const t = this.top;
    const kind = this.frameKind[t];
    if (kind === FRAME_STRUCT) {
      const struct = this.frameStruct[t] as StructDesc;
      const fi = struct.field(nameId);
      if (fi < 0) return this.skip(local);
      const f = struct.fields[fi] as FieldDesc;
      this.openField(f, fi, f.kind, f.key, attributes, this.frameValue[t] as Obj);
    } else if (kind === FRAME_ARRAY) {
      const f = this.frameField[t] as FieldDesc;
      const list = this.frameValue[t] as unknown[];
      this.checkCount(list.length, f);
      this.openField(f, -1, f.itemKind, f.itemName, attributes, list);
    } else if (kind === FRAME_POLY_WRAPPER) {
      const f = this.frameField[t] as FieldDesc;
      this.checkCount((this.frameValue[t] as unknown[]).length, f);
      const sub = this.subtypeNamed(f, local);
      if (sub < 0) return this.skip(local);
      this.pushPolyItem(f, -1, sub, local);
    } else {
      // Markup inside a simple value (`<Value><b>x</b></Value>`): not ours to read.
      this.skip(local);
    }
  }

  private openField(f: FieldDesc, fi: number, kind: number, name: string, attributes: readonly XmlAttribute[], owner: unknown): void {
    if (kind === F_STRUCT) {
      this.push(FRAME_STRUCT, {}, STRUCTS[f.struct], f, fi, -1, name);
    } else if (kind === F_ARRAY) {
      this.push(FRAME_ARRAY, [], undefined, f, fi, -1, name);
    } else if (kind === F_POLY) {
      const type = xsiType(attributes);
      const sub = type === undefined ? -1 : this.subtypeNamed(f, type);
      if (sub >= 0) this.pushPolyItem(f, fi, sub, name);
      else if (type === undefined) this.push(FRAME_POLY_WRAPPER, [], undefined, f, fi, -1, name);
      else throw invalidArguments(`${this.path(name)} has xsi:type ${echo(type)}, not one of its concrete types`);
    } else {
      this.text = '';
      if (kind === F_VALUE) this.valueType = xsiType(attributes);
      this.push(FRAME_SCALAR, owner, undefined, f, fi, kind, name);
    }
  }

  private pushPolyItem(f: FieldDesc, fi: number, sub: number, name: string): void {
    const struct = STRUCTS[sub] as StructDesc;
    this.push(FRAME_STRUCT, { type: struct.name }, struct, f, fi, -1, name);
  }

  private subtypeNamed(f: FieldDesc, name: string): number {
    for (const s of f.subtypes) if ((STRUCTS[s] as StructDesc).name === name) return s;
    return -1;
  }

  private checkCount(count: number, f: FieldDesc): void {
    const max = f.maxItems < 0 ? MAX_LIST_ITEMS : f.maxItems;
    if (count >= max) throw invalidArguments(`${this.path()} has more than ${max} entries`);
  }

  private skip(local: string): void {
    this.warnings.add(`skipped unknown element ${this.path(local)}`);
    this.skipDepth = 1;
  }

  onText(value: string): void {
    if (this.skipDepth === 0 && this.frameKind[this.top] === FRAME_SCALAR) this.text = this.text === '' ? value : this.text + value;
  }

  close(): void {
    if (this.skipDepth > 0) {
      this.skipDepth--;
      return;
    }
    const t = this.top;
    const kind = this.frameKind[t];
    let value: unknown;
    if (kind === FRAME_SCALAR) {
      value = this.scalar(this.frameField[t] as FieldDesc, this.frameScalar[t] as number, this.text);
      this.text = '';
      if (value === undefined) {
        // A Value: its text, type and typed form go on the owning struct.
        this.top--;
        return;
      }
    } else if (kind === FRAME_STRUCT) {
      value = this.frameValue[t];
      this.complete(value as Obj, this.frameStruct[t] as StructDesc, this.frameSeen[t] as number);
    } else {
      value = this.frameValue[t];
    }
    const field = this.frameField[t];
    const fi = this.frameFieldIndex[t] as number;
    this.frameValue[t] = undefined;
    const p = --this.top;
    if (p < 0) {
      this.result = value as Obj;
      return;
    }
    const parentKind = this.frameKind[p];
    const parent = this.frameValue[p];
    if (parentKind === FRAME_STRUCT && fi < 0) {
      // Only reached by items, which have array or poly-wrapper parents; kept for safety.
      (parent as Obj)[(field as FieldDesc).key] = value;
    } else if (parentKind === FRAME_STRUCT && field !== undefined && (field.repeated || field.kind === F_POLY)) {
      const obj = parent as Obj;
      let list: unknown[];
      if (this.filled(p, fi)) {
        list = (obj[field.key] as unknown[] | undefined) ?? [];
      } else {
        list = [];
        this.fill(p, fi, list);
      }
      if (kind === FRAME_POLY_WRAPPER) {
        for (const item of value as unknown[]) (list as unknown[]).push(item);
      } else {
        this.checkCount((list as unknown[]).length, field);
        (list as unknown[]).push(value);
      }
    } else if (parentKind === FRAME_STRUCT) {
      this.fill(p, fi, value);
    } else {
      (parent as unknown[]).push(value);
    }
  }

  /** Parses a simple value; returns undefined for a Value, which it stores on its owner itself. */
  private scalar(f: FieldDesc, kind: number, text: string): unknown {
    if (f.maxLength >= 0 && text.length > f.maxLength) this.tooLong(f, text);
    switch (kind) {
      case F_VALUE: {
        const t = this.top;
        const owner = this.frameValue[t] as Obj;
        const fi = this.frameFieldIndex[t] as number;
        // a string parameter's whitespace is data
        if (fi >= 0 && this.frameKind[t - 1] === FRAME_STRUCT) this.fill(t - 1, fi, text);
        else owner[f.key] = text;
        const type = this.valueType;
        if (type !== undefined) {
          owner.type = type;
          const typed = typedValueOf(type, text);
          if (typed === null) this.warnings.add(`${this.path()} ${echo(text)} is not a valid xsd:${type}; kept as text`);
          else if (typed !== undefined) owner.typed = typed;
        }
        this.valueType = undefined;
        return undefined;
      }
      case F_UNSIGNED_INT: {
        const n = unsignedIntOf(text);
        if (n === undefined && intOf(text) !== undefined) throw invalidArguments(`${this.path()} is out of the unsignedInt range: ${echo(text)}`);
        if (n === undefined && /^\s*\+?\d+\s*$/.test(text)) throw invalidArguments(`${this.path()} is out of the unsignedInt range: ${echo(text)}`);
        return this.checked(n, 'an unsigned integer', text);
      }
      case F_INT:
        return this.checked(intOf(text), 'an integer', text);
      case F_BOOLEAN:
        return this.checked(booleanOf(text), 'a boolean', text);
      case F_LONG:
        return this.checked(longOf(text, false), 'a long', text);
      case F_UNSIGNED_LONG:
        return this.checked(longOf(text, true), 'an unsigned long', text);
      case F_EVENT_CODE:
        return normaliseEventCode(text.trim());
      case F_DATE_TIME:
        // Kept as sent: CPE clocks write it in every style; dateTimeOf() reads it when needed.
        return text.trim();
      case F_BASE64:
      case F_HEX_BINARY:
        return text.trim();
      default:
        return f.trim ? text.trim() : text;
    }
  }

  private checked<T>(value: T | undefined, what: string, text: string): T {
    if (value === undefined) throw invalidArguments(`${this.path()} is not ${what}: ${echo(text)}`);
    return value;
  }

  private tooLong(f: FieldDesc, text: string): void {
    const detail = `${this.path()} is ${text.length} characters long, more than the ${f.maxLength} of the XSD`;
    if (this.lengthPolicy === 'reject') throw invalidArguments(detail);
    this.warnings.add(detail);
  }

  /** True when field `fi` of the STRUCT frame `t` holds a value. */
  private filled(t: number, fi: number): boolean {
    if (fi < 31) return ((this.frameSeen[t] as number) & (1 << fi)) !== 0;
    return (this.frameValue[t] as Obj)[((this.frameStruct[t] as StructDesc).fields[fi] as FieldDesc).key] !== undefined;
  }

  /** Stores field `fi` of the STRUCT frame `t` through its struct's own setter. */
  private fill(t: number, fi: number, value: unknown): void {
    if (fi < 31) this.frameSeen[t] = (this.frameSeen[t] as number) | (1 << fi);
    (this.frameStruct[t] as StructDesc).set(this.frameValue[t] as Obj, fi, value);
  }

  /** Fills lenient defaults and empty lists, and refuses a struct that misses a required field. */
  private complete(obj: Obj, struct: StructDesc, seen: number): void {
    const fields = struct.fields;
    for (let i = 0; i < fields.length; i++) {
      if (i < 31 ? (seen & (1 << i)) !== 0 : obj[(fields[i] as FieldDesc).key] !== undefined) continue;
      const f = fields[i] as FieldDesc;
      if (f.lenientDefault !== undefined) struct.set(obj, i, f.lenientDefault);
      else if (f.required) throw invalidArguments(`${this.path(f.key)} is missing`);
      else if (f.repeated || f.kind === F_POLY) struct.set(obj, i, []);
    }
  }
}
