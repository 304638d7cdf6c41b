import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModel, type RawModel } from '../../codegen/registry/read-model.js';
import { TypeResolver } from '../../codegen/registry/resolve-types.js';
import { BBF_DIR, describeWithBbf } from '../support/bbf.js';

const TR106 = join(BBF_DIR, 'tr-106-types.xml');

/** A non-full model: imports IPv4Address from tr-106-types.xml and derives types of its own. */
const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<dm:document xmlns:dm="urn:broadband-forum-org:cwmp:datamodel-1-15" spec="urn:example:test">
  <import file="tr-106-types.xml" spec="urn:broadband-forum-org:tr-106">
    <dataType name="IPv4Address"/>
    <dataType name="Counter" ref="StatsCounter64"/>
  </import>
  <dataType name="Level"><description>base</description><int><range minInclusive="-10" maxInclusive="10"/><units value="dB"/></int></dataType>
  <dataType name="FineLevel" base="Level"><range minInclusive="-5" maxInclusive="5" step="1"/></dataType>
  <dataType name="Pair"><list minItems="2" maxItems="2"/><unsignedInt/></dataType>
  <dataType name="Loop1" base="Loop2"/>
  <dataType name="Loop2" base="Loop1"/>
  <model name="Test:1.0">
    <object name="Test." access="readOnly" minEntries="1" maxEntries="1">
      <parameter name="Address" access="readWrite"><syntax><dataType ref="IPv4Address"/></syntax></parameter>
      <parameter name="Bytes"><syntax><dataType ref="Counter"><units value="bytes"/></dataType></syntax></parameter>
      <parameter name="Level" access="readWrite"><syntax><dataType base="FineLevel"><units value="0.1 dB"/></dataType></syntax></parameter>
      <parameter name="Pairs"><syntax><list maxItems="8"><size maxLength="256"/></list><dataType ref="Pair"/></syntax></parameter>
      <parameter name="Mode" access="readWrite"><syntax><string><enumeration value="A"/><enumeration value="B" access="readOnly"/><enumeration value="C" status="deleted"/></string></syntax></parameter>
      <parameter name="Broken"><syntax><dataType ref="Loop1"/></syntax></parameter>
    </object>
  </model>
</dm:document>
`;

let dir = '';
let model: RawModel;
let resolver: TypeResolver;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provisio-dm-'));
  await writeFile(join(dir, 'test.xml'), MODEL);
  model = await readModel(join(dir, 'test.xml'));
  const library = await readModel(TR106, { typesOnly: true });
  resolver = new TypeResolver(model.file, model.dataTypes, model.imports, new Map([['tr-106-types.xml', library.dataTypes]]));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function resolve(name: string): ReturnType<TypeResolver['resolveSyntax']> {
  const p = model.objects[0]?.parameters.find((x) => x.name === name);
  if (p === undefined) throw new Error(`no parameter ${name}`);
  return resolver.resolveSyntax(p.syntax, `Test.${name}`);
}

describeWithBbf('TypeResolver', () => {
  it('resolves an imported type from its library, with DTD entities in patterns expanded', () => {
    const t = resolve('Address');
    expect(t).toMatchObject({ base: 'string', named: 'IPv4Address', facets: { sizes: [{ maxLength: 15 }] } });
    expect(t.facets.patterns).toContain('');
    expect(t.facets.patterns.some((p) => p.includes('25[0-5]') && !p.includes('&'))).toBe(true);
  });

  it('follows an import renamed with ref, and adds use-site units', () => {
    expect(resolve('Bytes')).toMatchObject({ base: 'unsignedLong', named: 'Counter', facets: { units: 'bytes' } });
  });

  it('lets a derived type replace its base range and keep the base units unless the use site overrides them', () => {
    expect(resolve('Level')).toMatchObject({ base: 'int', named: 'FineLevel', facets: { ranges: [{ min: -5, max: 5 }], units: '0.1 dB' } });
  });

  it('marks a list of list-typed items as nested', () => {
    expect(resolve('Pairs')).toMatchObject({ base: 'unsignedInt', nestedList: true, list: { maxItems: 8, sizes: [{ maxLength: 256 }] } });
  });

  it('drops deleted enumeration values and keeps read-only ones flagged', () => {
    expect(resolve('Mode').facets.enumerations).toEqual([{ value: 'A', readOnly: false }, { value: 'B', readOnly: true }]);
  });

  it('reports a cycle of named types', () => {
    expect(() => resolve('Broken')).toThrow(/data type cycle .*Loop1 → Loop2 → Loop1/);
  });
});
