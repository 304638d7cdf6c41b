/**
 * XSD validation with libxml2's `xmllint` (Debian `libxml2-utils`, installed by the test global
 * setup like the servers) against the BBF CWMP schemas, offline.
 *
 * The CWMP schemas import the SOAP 1.1 envelope and encoding schemas by URL, and cwmp-1-3/1-4
 * include (and redefine) their predecessors by URL. An XML catalog maps every one of those URLs to
 * a local file (the SOAP ones to the stubs in test/conformance/xsd/), and xmllint runs with
 * `--nonet`, so an unmapped URL fails loudly instead of reaching the network.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findBinary } from './servers.js';

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP_ENC_NS = 'http://schemas.xmlsoap.org/soap/encoding/';

export { BBF_DIR } from './bbf.js';
import { BBF_DIR } from './bbf.js';
const STUB_DIR = fileURLToPath(new URL('../conformance/xsd/', import.meta.url));

/** The CWMP schema files, each with the targetNamespace it declares. */
export const CWMP_SCHEMAS = {
  'cwmp-1-0': 'urn:dslforum-org:cwmp-1-0',
  'cwmp-1-1': 'urn:dslforum-org:cwmp-1-1',
  'cwmp-1-2': 'urn:dslforum-org:cwmp-1-2',
  // cwmp-1-3 and cwmp-1-4 extend namespace 1.2 rather than defining their own.
  'cwmp-1-3': 'urn:dslforum-org:cwmp-1-2',
  'cwmp-1-4': 'urn:dslforum-org:cwmp-1-2',
} as const;
export type CwmpSchema = keyof typeof CWMP_SCHEMAS;

/** Absolute path of xmllint, or undefined when libxml2-utils is not installed. */
export async function findXmllint(): Promise<string | undefined> {
  return findBinary('xmllint');
}

/** A folder with the catalog and one driver schema per CWMP schema, ready for {@link validateBatch}. */
export interface SchemaSet {
  readonly dir: string;
  readonly catalog: string;
  /** The schema to pass to `--schema` for each CWMP version: it imports SOAP envelope, encoding and that CWMP schema. */
  readonly drivers: Readonly<Record<CwmpSchema, string>>;
}

function catalogXml(): string {
  const fileUrl = (path: string): string => pathToFileURL(path).href;
  const entries: [string, string][] = [
    [SOAP_ENV_NS, fileUrl(join(STUB_DIR, 'soap-envelope.xsd'))],
    [SOAP_ENC_NS, fileUrl(join(STUB_DIR, 'soap-encoding.xsd'))],
  ];
  for (const name of Object.keys(CWMP_SCHEMAS)) {
    entries.push([`http://www.broadband-forum.org/cwmp/${name}.xsd`, fileUrl(join(BBF_DIR, `${name}.xsd`))]);
  }
  // libxml2 resolves schema locations as system identifiers or as URIs depending on the call site: map both.
  const lines = entries.flatMap(([from, to]) => [`  <system systemId="${from}" uri="${to}"/>`, `  <uri name="${from}" uri="${to}"/>`]);
  return `<?xml version="1.0"?>\n<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">\n${lines.join('\n')}\n</catalog>\n`;
}

function driverXsd(schema: CwmpSchema): string {
  return (
    '<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n' +
    `  <xs:import namespace="${SOAP_ENV_NS}" schemaLocation="${SOAP_ENV_NS}"/>\n` +
    `  <xs:import namespace="${SOAP_ENC_NS}" schemaLocation="${SOAP_ENC_NS}"/>\n` +
    `  <xs:import namespace="${CWMP_SCHEMAS[schema]}" schemaLocation="${pathToFileURL(join(BBF_DIR, `${schema}.xsd`)).href}"/>\n` +
    '</xs:schema>\n'
  );
}

/** Writes the catalog and driver schemas into a fresh temporary folder. */
export async function prepareSchemaSet(): Promise<SchemaSet> {
  const dir = await mkdtemp(join(tmpdir(), 'provisio-xsd-'));
  const catalog = join(dir, 'catalog.xml');
  await writeFile(catalog, catalogXml());
  const drivers = {} as Record<CwmpSchema, string>;
  for (const schema of Object.keys(CWMP_SCHEMAS) as CwmpSchema[]) {
    drivers[schema] = join(dir, `driver-${schema}.xsd`);
    await writeFile(drivers[schema], driverXsd(schema));
  }
  return { dir, catalog, drivers };
}

/** xmllint's verdict on one file: no errors means it validates. */
export interface Verdict {
  readonly file: string;
  readonly errors: readonly string[];
}

/**
 * Validates `files` against `schema` in one xmllint run and returns one verdict per file, in order.
 * Throws when xmllint cannot run or cannot compile the schema (that is a set-up fault, not a
 * verdict on the files).
 */
export async function validateBatch(xmllint: string, set: SchemaSet, schema: CwmpSchema, files: readonly string[]): Promise<Verdict[]> {
  if (files.length === 0) return [];
  const child = spawn(xmllint, ['--noout', '--nonet', '--schema', set.drivers[schema], ...files], {
    env: { ...process.env, XML_CATALOG_FILES: set.catalog },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  const lines = output.split('\n').filter((line) => line !== '');
  // Exit 0: all valid; 3: some file invalid; anything else (schema parse errors are 5) is a set-up fault.
  if (code !== 0 && code !== 3) {
    throw new Error(`xmllint could not validate against ${schema} (exit ${code}); check the catalog in ${set.dir}:\n${lines.slice(0, 20).join('\n')}`);
  }
  return files.map((file) => {
    const verdict = lines.find((line) => line === `${file} validates` || line === `${file} fails to validate`);
    if (verdict === undefined) throw new Error(`xmllint gave no verdict on ${basename(file)}:\n${lines.slice(0, 20).join('\n')}`);
    const errors = lines.filter((line) => line.startsWith(`${file}:`)).map((line) => line.slice(file.length + 1));
    if (verdict.endsWith('fails to validate') && errors.length === 0) return { file, errors: ['fails to validate (no detail)'] };
    return { file, errors };
  });
}
