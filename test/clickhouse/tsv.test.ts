import { describe, expect, it } from 'vitest';
import { encodeParameterValueRows, encodeSessionRows } from '../../src/store/clickhouse/rows.js';
import { splitSchema } from '../../src/store/clickhouse/schema.js';
import { sqlIdentifier, sqlString, tsvDateTime, tsvString, tsvStringArray } from '../../src/store/clickhouse/tsv.js';

describe('tsvString', () => {
  it('returns the same string when nothing needs escaping', () => {
    const s = 'Device.WiFi.SSID.1.SSID é 🚀 "x" \'y\'';
    expect(tsvString(s)).toBe(s);
  });

  it('escapes backslash, tab, line feed, carriage return and NUL', () => {
    expect(tsvString('a\\b\tc\nd\re\0f')).toBe('a\\\\b\\tc\\nd\\re\\0f');
  });

  it('escapes at the first and the last position', () => {
    expect(tsvString('\tx\n')).toBe('\\tx\\n');
    expect(tsvString('\\')).toBe('\\\\');
  });

  it('never leaves a raw tab or line feed', () => {
    const s = tsvString('\t\n\r\0\\'.repeat(50));
    expect(s).not.toMatch(/[\t\n\r\0]/);
  });
});

describe('sqlString and tsvStringArray', () => {
  it('quotes and escapes quote and backslash', () => {
    expect(sqlString("it's a\\b")).toBe("'it\\'s a\\\\b'");
  });

  it('escapes control characters so that a literal is one line', () => {
    expect(sqlString('a\tb\nc\rd\0')).toBe("'a\\tb\\nc\\rd\\0'");
  });

  it('writes arrays as quoted elements, empty ones as []', () => {
    expect(tsvStringArray([])).toBe('[]');
    expect(tsvStringArray(['1 BOOT'])).toBe("['1 BOOT']");
    expect(tsvStringArray(['a', "b'", '\t'])).toBe("['a','b\\'','\\t']");
  });
});

describe('tsvDateTime', () => {
  it('writes whole unix seconds', () => {
    expect(tsvDateTime(1_700_000_000_999)).toBe('1700000000');
  });

  it('clamps times that a DateTime column cannot hold, and NaN', () => {
    expect(tsvDateTime(0)).toBe('10000');
    expect(tsvDateTime(-5)).toBe('10000');
    expect(tsvDateTime(Number.NaN)).toBe('10000');
    expect(tsvDateTime(1e16)).toBe('4294967295');
  });
});

describe('sqlIdentifier', () => {
  it('accepts plain identifiers', () => {
    expect(sqlIdentifier('prv_test_1')).toBe('prv_test_1');
  });

  it.each(['', '1abc', 'a-b', 'a.b', 'a b', "a'", 'a`', 'é'])('refuses %j', (name) => {
    expect(() => sqlIdentifier(name)).toThrow(RangeError);
  });
});

describe('row encoders', () => {
  it('writes one line per session row in the column order of the schema', () => {
    const out = encodeSessionRows([
      {
        timeMs: 1_700_000_000_000,
        sessionId: 's1',
        deviceId: '00D09E-IGD-X1',
        oui: '00D09E',
        productClass: 'IGD',
        serialNumber: 'X1',
        softwareVersion: '1.0',
        events: ['0 BOOTSTRAP', '1 BOOT'],
        remoteAddress: '192.0.2.1',
        node: 'n1',
      },
    ]);
    expect(out).toEqual({
      table: 'sessions',
      rows: 1,
      tsv: "1700000000\ts1\t00D09E-IGD-X1\t00D09E\tIGD\tX1\t1.0\t['0 BOOTSTRAP','1 BOOT']\t192.0.2.1\tn1\n",
    });
  });

  it('rebuilds the shared leading columns when they change between parameter rows', () => {
    const base = { timeMs: 1_700_000_000_000, deviceId: 'd', sessionId: 's', source: 'inform' as const, type: 'xsd:string' };
    const out = encodeParameterValueRows([
      { ...base, path: 'A.', value: '1' },
      { ...base, path: 'B.', value: 'x\ty' },
      { ...base, deviceId: 'd\n2', source: 'gpv', path: 'C.', value: '' },
    ]);
    expect(out.rows).toBe(3);
    expect(out.tsv.split('\n')).toEqual([
      '1700000000\td\ts\tinform\tA.\t1\txsd:string',
      '1700000000\td\ts\tinform\tB.\tx\\ty\txsd:string',
      '1700000000\td\\n2\ts\tgpv\tC.\t\txsd:string',
      '',
    ]);
  });

  it('returns no text for no rows', () => {
    expect(encodeParameterValueRows([])).toEqual({ table: 'parameter_values', tsv: '', rows: 0 });
  });
});

describe('splitSchema', () => {
  it('drops comments, splits statements and names the database', () => {
    const text = '-- head; comment\nCREATE DATABASE IF NOT EXISTS {database};\n\n  -- x\nCREATE TABLE {database}.t (a String);\n';
    expect(splitSchema(text, 'db1')).toEqual(['CREATE DATABASE IF NOT EXISTS db1', 'CREATE TABLE db1.t (a String)']);
  });

  it('refuses a database name that is not an identifier', () => {
    expect(() => splitSchema('SELECT 1', 'x;DROP')).toThrow(RangeError);
  });
});
