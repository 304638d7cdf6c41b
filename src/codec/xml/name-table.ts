/**
 * Name tables with a byte-level lookup, so that the fast tokenizer finds the id of a known element
 * name without making a string for it: a small open-addressing table keyed by hashNameBytes.
 */
import type { NameTable } from './xml-events.js';

/**
 * Hash of the name `bytes[start, end)`: its length and its first two and last two bytes. Cheap
 * enough to compute after each scanned name, and it tells CWMP's names apart well; every match is
 * confirmed byte by byte, so colliding names cost a probe, never a wrong id.
 */
export function hashNameBytes(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length <= 0) return 0;
  const last = end - 1;
  const mixed = (bytes[start] as number) | ((bytes[start + 1 < end ? start + 1 : start] as number) << 8) | ((bytes[last > start ? last - 1 : start] as number) << 16) | ((bytes[last] as number) << 24);
  const h = Math.imul(mixed ^ length, 0x9e3779b1);
  return h ^ (h >>> 15);
}

const utf8 = new TextEncoder();

/** A NameTable whose ids are found from bytes; the fast tokenizer uses it directly. */
export class ByteNameTable implements NameTable {
  readonly names: readonly string[];
  private readonly ids = new Map<string, number>();
  private readonly encoded: Uint8Array[];
  /** Open addressing, power-of-two size; -1 marks a free slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(names: readonly string[]) {
    this.names = Object.freeze([...names]);
    this.encoded = this.names.map((n) => utf8.encode(n));
    let size = 8;
    while (size < this.names.length * 2) size <<= 1;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.names.forEach((name, id) => {
      // A name listed twice keeps its first id, as idOf does.
      if (this.ids.has(name)) return;
      this.ids.set(name, id);
      const bytes = this.encoded[id] as Uint8Array;
      let slot = hashNameBytes(bytes, 0, bytes.length) & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = id;
    });
  }

  idOf(localName: string): number {
    return this.ids.get(localName) ?? -1;
  }

  idOfBytes(bytes: Uint8Array, start: number, end: number): number {
    return this.idOfHashed(hashNameBytes(bytes, start, end), bytes, start, end);
  }

  /** Like idOfBytes when the caller already holds the bytes' hash. */
  idOfHashed(hash: number, bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const id = this.slots[slot] as number;
      if (id < 0) return -1;
      const name = this.encoded[id] as Uint8Array;
      if (name.length === length) {
        let k = 0;
        while (k < length && name[k] === bytes[start + k]) k++;
        if (k === length) return id;
      }
      slot = (slot + 1) & this.mask;
    }
  }
}

/** A name table for `names` (codegen's order) with string and byte lookups. */
export function createNameTable(names: readonly string[]): ByteNameTable {
  return new ByteNameTable(names);
}

const adopted = new WeakMap<NameTable, ByteNameTable>();

/** The byte-level table for any NameTable: itself when it is one, else one built once and kept. */
export function byteNameTable(names: NameTable): ByteNameTable {
  if (names instanceof ByteNameTable) return names;
  let table = adopted.get(names);
  if (table === undefined) {
    table = new ByteNameTable(names.names);
    adopted.set(names, table);
  }
  return table;
}
