/**
 * Reads the CWMP XSDs into a plain element tree with `sax`, following `xs:include` and
 * `xs:redefine` to the local copies in `../shared/bbf`. Codegen only: speed does not matter here,
 * determinism does (files are read in a fixed order, children keep document order).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sax from 'sax';

export interface XsdNode {
  /** Local name without the `xs:` prefix (`element`, `complexType`, …). */
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XsdNode[];
  /** The file the node was read from, for error messages. */
  readonly file: string;
}

/** BBF publishes the schemas at absolute URLs; each maps to the file of the same name in the bbf folder. */
const BBF_URL = 'http://www.broadband-forum.org/cwmp/';

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** Parses one XSD file into its root `schema` node. */
export function readXsd(path: string): XsdNode {
  const parser = sax.parser(true, { trim: false });
  const root: XsdNode = { name: '#document', attrs: {}, children: [], file: path };
  const stack: XsdNode[] = [root];
  parser.onopentag = (tag) => {
    const node: XsdNode = { name: localName(tag.name), attrs: tag.attributes as Record<string, string>, children: [], file: path };
    stack[stack.length - 1]?.children.push(node);
    stack.push(node);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  parser.onerror = (err) => {
    throw new Error(`${path}: ${err.message}`);
  };
  parser.write(readFileSync(path, 'utf8')).close();
  const schema = root.children[0];
  if (schema === undefined || schema.name !== 'schema') throw new Error(`${path}: no xs:schema root`);
  return schema;
}

/** Maps a schemaLocation to a local file, or throws naming the location that has no local copy. */
export function localSchemaPath(bbfDir: string, location: string, from: string): string {
  if (location.startsWith(BBF_URL)) return join(bbfDir, location.slice(BBF_URL.length));
  if (!location.includes('/')) return join(bbfDir, location);
  throw new Error(`${from}: schemaLocation ${location} has no local copy in ${bbfDir}; add the file or map its URL in codegen/cwmp/xsd-tree.ts`);
}

/**
 * The top-level definitions of a schema and of everything it includes, in document order with
 * included files first. `xs:redefine` loads its target like an include; the redefinitions in
 * CWMP only add enumeration values and event codes, which the codec does not enforce, so the
 * redefined bodies are not applied.
 */
export function readSchemaSet(bbfDir: string, file: string, seen = new Set<string>()): XsdNode[] {
  const path = join(bbfDir, file);
  if (seen.has(path)) return [];
  seen.add(path);
  const schema = readXsd(path);
  const out: XsdNode[] = [];
  for (const child of schema.children) {
    if (child.name === 'include' || child.name === 'redefine') {
      const location = child.attrs.schemaLocation ?? '';
      const target = localSchemaPath(bbfDir, location, path);
      out.push(...readSchemaSet(bbfDir, target.slice(bbfDir.length + 1), seen));
    } else if (child.name !== 'import' && child.name !== 'annotation') {
      // xs:import is only of the SOAP 1.1 envelope and encoding schemas, which are not bundled:
      // model.ts stubs what CWMP uses of them (soapenc:Array, soapenc:base64, the attributes).
      out.push(child);
    }
  }
  return out;
}
