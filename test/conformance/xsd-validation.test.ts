/**
 * Every message the encoder writes validates against the BBF schema of its CWMP version, checked
 * with xmllint (see test/support/xmllint.ts for the offline catalog and the SOAP stubs).
 *
 * The whole envelope is validated, not the RPC element cut out of it: the envelope stub validates
 * Header and Body children strictly against the CWMP schema, so one pass checks the SOAP structure,
 * the header elements with their mustUnderstand attributes, the RPC element, and the namespace
 * declarations exactly as sent; cutting the element out would need the test to re-declare the
 * prefixes the encoder declared on the root, and could hide a wrong declaration there.
 *
 * Targets: each cwmp namespace with its schema, plus cwmp-1-2 against cwmp-1-4 (a 1.3/1.4
 * session in BBF's namespace). BBF never defined the cwmp-1-3 and cwmp-1-4 namespaces that some
 * CPEs use and the ACS then answers in; messages in those are validated against cwmp-1-3.xsd and
 * cwmp-1-4.xsd with the namespace URN read as cwmp-1-2, the namespace those schemas declare.
 *
 * All files of one schema go through one xmllint run. A message the encoder does not write yet
 * (it throws, or the Body lacks the element) is skipped with a note.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sax from 'sax';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEnvelope } from '../../src/codec/encode.js';
import { BBF_DIR, findXmllint, prepareSchemaSet, validateBatch, type CwmpSchema, type SchemaSet, type Verdict } from '../support/xmllint.js';
import { ENCODE_SAMPLES, type EncodeSample } from './xsd-samples.js';
import { describeWithBbf } from '../support/bbf.js';

/** encodeEnvelope with loose types: the samples cover messages the current types may not know yet. */
const encode = encodeEnvelope as unknown as (message: unknown, options: { namespace: string; header?: unknown }) => Buffer;

interface Target {
  readonly namespace: string;
  readonly schema: CwmpSchema;
  /** CWMP minor version the schema defines: samples with a higher `since` are not encoded for it. */
  readonly version: number;
}

const TARGETS: readonly Target[] = [
  { namespace: 'urn:dslforum-org:cwmp-1-0', schema: 'cwmp-1-0', version: 0 },
  { namespace: 'urn:dslforum-org:cwmp-1-1', schema: 'cwmp-1-1', version: 1 },
  { namespace: 'urn:dslforum-org:cwmp-1-2', schema: 'cwmp-1-2', version: 2 },
  { namespace: 'urn:dslforum-org:cwmp-1-2', schema: 'cwmp-1-4', version: 4 },
  { namespace: 'urn:dslforum-org:cwmp-1-3', schema: 'cwmp-1-3', version: 3 },
  { namespace: 'urn:dslforum-org:cwmp-1-4', schema: 'cwmp-1-4', version: 4 },
];

/** Header property of the codec → the header element it encodes. */
const HEADER_ELEMENTS: Readonly<Record<string, string>> = {
  id: 'ID',
  holdRequests: 'HoldRequests',
  sessionTimeout: 'SessionTimeout',
  supportedCwmpVersions: 'SupportedCWMPVersions',
  useCwmpVersion: 'UseCWMPVersion',
};

type Outcome = { refused: string } | { xml: string; verdict: Verdict };

/** Encodes `sample`, or says why the encoder does not write it. */
function tryEncode(sample: EncodeSample, namespace: string): { xml: string } | { refused: string } {
  let xml: string;
  try {
    xml = encode(sample.message, { namespace, header: sample.header }).toString('utf8');
  } catch (error) {
    return { refused: `the encoder refuses ${sample.message.kind}: ${(error as Error).message}` };
  }
  if (!new RegExp(`<([\\w.-]+:)?${sample.message.kind}[\\s/>]`).test(xml)) {
    return { refused: `the encoder writes no ${sample.message.kind} element yet` };
  }
  return { xml };
}

/** Each element with a soapenc:arrayType whose `[n]` differs from its number of child elements. */
function arrayCountMismatches(xml: string): string[] {
  const parser = sax.parser(true, { xmlns: false });
  const open: { name: string; declared: number | undefined; children: number }[] = [];
  const mismatches: string[] = [];
  parser.onopentag = (tag) => {
    const parent = open[open.length - 1];
    if (parent !== undefined) parent.children++;
    let declared: number | undefined;
    for (const [name, value] of Object.entries(tag.attributes)) {
      const match = /\[(\d+)\]$/.exec(String(value));
      if ((name === 'arrayType' || name.endsWith(':arrayType')) && match?.[1] !== undefined) declared = Number(match[1]);
    }
    open.push({ name: tag.name, declared, children: 0 });
  };
  parser.onclosetag = () => {
    const element = open.pop();
    if (element?.declared !== undefined && element.declared !== element.children) {
      mismatches.push(`${element.name} declares ${element.declared} items but holds ${element.children}`);
    }
  };
  parser.write(xml).close();
  return mismatches;
}

function fileName(sample: EncodeSample, target: Target): string {
  return `${target.schema}_${target.namespace.slice(-3)}_${sample.name.replace(/[^A-Za-z0-9]+/g, '-')}.xml`;
}

const xmllint = await findXmllint();

describeWithBbf('encoded messages against the BBF XSDs (xmllint)', () => {
  const outcomes = new Map<string, Outcome>();

  let schemaSet: SchemaSet | undefined;

  beforeAll(async () => {
    // The global setup installs libxml2-utils; this only fails when the tests run without it.
    if (xmllint === undefined) throw new Error('xmllint not found: install it as root with `apt-get install libxml2-utils`');
    const set = await prepareSchemaSet();
    schemaSet = set;
    const dir = join(set.dir, 'messages');
    await mkdir(dir);
    const batches = new Map<CwmpSchema, { key: string; file: string; xml: string }[]>();
    for (const target of TARGETS) {
      for (const sample of ENCODE_SAMPLES) {
        if (sample.since > target.version) continue;
        const key = fileName(sample, target);
        const encoded = tryEncode(sample, target.namespace);
        if ('refused' in encoded) {
          outcomes.set(key, encoded);
          continue;
        }
        const file = join(dir, key);
        // See the module comment: the unofficial 1-3/1-4 URNs are read as the 1-2 namespace of their schema.
        await writeFile(file, encoded.xml.replaceAll(target.namespace, target.namespace.replace(/cwmp-1-[34]$/, 'cwmp-1-2')));
        const batch = batches.get(target.schema) ?? [];
        batch.push({ key, file, xml: encoded.xml });
        batches.set(target.schema, batch);
      }
    }
    await Promise.all(
      [...batches].map(async ([schema, batch]) => {
        const verdicts = await validateBatch(xmllint, set, schema, batch.map((entry) => entry.file));
        batch.forEach((entry, i) => outcomes.set(entry.key, { xml: entry.xml, verdict: verdicts[i] ?? { file: entry.file, errors: ['no verdict'] } }));
      }),
    );
  });

  afterAll(async () => {
    if (schemaSet !== undefined) await rm(schemaSet.dir, { recursive: true, force: true });
  });

  it('rejects what the schemas forbid, so that a pass means something', async () => {
    if (xmllint === undefined || schemaSet === undefined) return expect.fail('beforeAll failed');
    const envelope = (header: string, body: string): string =>
      '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" ' +
      `xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">` +
      `<soap-env:Header>${header}</soap-env:Header><soap-env:Body>${body}</soap-env:Body></soap-env:Envelope>`;
    const id = '<cwmp:ID soap-env:mustUnderstand="1">1</cwmp:ID>';
    const broken = {
      'misspelt RPC': envelope(id, '<cwmp:InformRespons><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformRespons>'),
      'ID without mustUnderstand': envelope('<cwmp:ID>1</cwmp:ID>', '<cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>'),
      'qualified argument': envelope(id, '<cwmp:InformResponse><cwmp:MaxEnvelopes>1</cwmp:MaxEnvelopes></cwmp:InformResponse>'),
      'array without arrayType': envelope(id, '<cwmp:GetParameterValues><ParameterNames><string>Device.</string></ParameterNames></cwmp:GetParameterValues>'),
      'header element of a later version': envelope(id + '<cwmp:SessionTimeout>30</cwmp:SessionTimeout>', '<cwmp:GetRPCMethods/>'),
      'Value of a wrong xsi:type': envelope(
        id,
        '<cwmp:SetParameterValues><ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[1]"><ParameterValueStruct><Name>Device.X</Name>' +
          '<Value xsi:type="xsd:unsignedInt">-1</Value></ParameterValueStruct></ParameterList><ParameterKey></ParameterKey></cwmp:SetParameterValues>',
      ),
    };
    const files = await Promise.all(
      Object.entries(broken).map(async ([what, xml]) => {
        const file = join(schemaSet?.dir ?? '', `broken-${what.replace(/\W+/g, '-')}.xml`);
        await writeFile(file, xml);
        return file;
      }),
    );
    const verdicts = await validateBatch(xmllint, schemaSet, 'cwmp-1-0', files);
    expect(verdicts.filter((verdict) => verdict.errors.length === 0).map((verdict) => verdict.file)).toEqual([]);
  });

  it('has a sample of every RPC element and header element the BBF schemas declare', async () => {
    const declared = new Set<string>();
    for (const schema of ['cwmp-1-0', 'cwmp-1-1', 'cwmp-1-2', 'cwmp-1-3', 'cwmp-1-4']) {
      const text = await readFile(join(BBF_DIR, `${schema}.xsd`), 'utf8');
      // Global elements: the BBF files indent them by exactly two spaces.
      for (const match of text.matchAll(/^ {2}<xs:element name="(\w+)"/gm)) if (match[1] !== undefined) declared.add(match[1]);
    }
    const sampled = new Set<string>(['Fault']);
    for (const sample of ENCODE_SAMPLES) {
      sampled.add(sample.message.kind);
      for (const key of Object.keys(sample.header ?? {})) sampled.add(HEADER_ELEMENTS[key] ?? key);
    }
    expect([...declared].filter((name) => !sampled.has(name)).sort()).toEqual([]);
  });

  it('counts the items of every soapenc array against its arrayType', () => {
    const xml = '<a xmlns:e="urn:e"><L e:arrayType="x:T[2]"><i/><i/></L><M e:arrayType="x:T[03]"><i/></M></a>';
    expect(arrayCountMismatches(xml)).toEqual(['M declares 3 items but holds 1']);
  });

  for (const target of TARGETS) {
    describe(`${target.namespace} against ${target.schema}.xsd`, () => {
      for (const sample of ENCODE_SAMPLES) {
        if (sample.since > target.version) continue;
        it(`encodes a valid ${sample.name}`, (ctx) => {
          const outcome = outcomes.get(fileName(sample, target));
          if (outcome === undefined) return expect.fail('the sample was not encoded (beforeAll failed)');
          if ('refused' in outcome) return ctx.skip(outcome.refused);
          const deviation = sample.deviation;
          if (deviation === undefined) {
            expect(outcome.verdict.errors, `xmllint on ${outcome.verdict.file}`).toEqual([]);
          } else {
            expect(outcome.verdict.errors, `known deviation (${deviation.reason}); xmllint on ${outcome.verdict.file}`).toEqual([
              expect.stringMatching(deviation.error),
            ]);
          }
          expect(arrayCountMismatches(outcome.xml)).toEqual([]);
        });
      }
    });
  }
});
