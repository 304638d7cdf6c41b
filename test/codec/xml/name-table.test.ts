import { describe, expect, it } from 'vitest';
import { byteNameTable, createNameTable, hashNameBytes } from '../../../src/codec/xml/name-table.js';
import { bytes } from './xml-helpers.js';

describe('createNameTable', () => {
  const names = ['Envelope', 'Body', 'ParameterValueStruct', 'Name', 'Value', 'Größe'];
  const table = createNameTable(names);

  it('finds every name by string and by bytes at its codegen index', () => {
    names.forEach((name, id) => {
      expect(table.idOf(name)).toBe(id);
      const padded = bytes(`<x:${name}>`);
      expect(table.idOfBytes(padded, 3, padded.length - 1)).toBe(id);
    });
  });

  it('answers -1 for names not in the table, prefixes of names and longer names', () => {
    for (const other of ['', 'Envelop', 'Envelopes', 'body', 'Value1', 'Unknown']) {
      expect(table.idOf(other)).toBe(-1);
      const b = bytes(other);
      expect(table.idOfBytes(b, 0, b.length)).toBe(-1);
    }
  });

  it('finds the same id from a hash the caller already holds', () => {
    const b = bytes('ParameterValueStruct');
    expect(table.idOfHashed(hashNameBytes(b, 0, b.length), b, 0, b.length)).toBe(2);
  });

  it('keeps the first id of a name listed twice', () => {
    const twice = createNameTable(['A', 'B', 'A']);
    expect(twice.idOf('A')).toBe(0);
    expect(twice.idOfBytes(bytes('A'), 0, 1)).toBe(0);
  });

  it('builds one byte table for a foreign NameTable and keeps it', () => {
    const foreign = { names: ['Inform'], idOf: (n: string) => (n === 'Inform' ? 0 : -1) };
    const adopted = byteNameTable(foreign);
    expect(byteNameTable(foreign)).toBe(adopted);
    expect(adopted.idOfBytes(bytes('Inform'), 0, 6)).toBe(0);
    expect(byteNameTable(table)).toBe(table);
  });
});
