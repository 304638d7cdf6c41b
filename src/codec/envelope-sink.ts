/**
 * The XmlSink that reads a SOAP envelope: it checks the Envelope, reads the cwmp header elements,
 * finds the Body's method and hands everything under it to the {@link BodyMachine}.
 *
 * Namespaces are resolved only where they matter, on the first {@link NS_DEPTH} levels (Envelope,
 * Header/Body, the method, `detail` and `cwmp:Fault`); deeper elements are matched by local name.
 * Real CPEs are tolerated: any prefix, a `soap:` prefix bound to the SOAP *encoding* namespace, a
 * prefix used without a declaration (read by its usual CWMP meaning, with a warning).
 */
import { messageStruct, SOAP_FAULT_STRUCT } from '../generated/cwmp/decoders.js';
import { isHeaderElement, readHeaderElement } from '../generated/cwmp/headers.js';
import { NAME_ID } from '../generated/cwmp/names.js';
import type { CwmpMessage } from '../generated/cwmp/types.js';
import { errorData } from '../errors/codes.js';
import { BodyMachine, type LengthPolicy } from './body-machine.js';
import { DecodeAbort, echo, invalidArguments } from './decode-values.js';
import { CWMP_NAMESPACES, SOAP_ENC_NS, SOAP_ENV_NS, type CwmpEnvelope, type CwmpHeader, type CwmpNamespace } from './messages.js';
import { Warnings } from './warnings.js';
import type { XmlAttribute, XmlSink } from './xml/xml-events.js';

/** Elements deeper than this never need their namespace: Envelope 0, Body 1, Fault 2, detail 3, cwmp:Fault 4. */
const NS_DEPTH = 4;

/** Prefix → namespace URI; the default namespace under ''. Inner scopes inherit through the prototype. */
type NsScope = Record<string, string>;
const ROOT_SCOPE: NsScope = Object.assign(Object.create(null) as NsScope, { xml: 'http://www.w3.org/XML/1998/namespace' });

/** Marks a prefix that was used without a declaration and has no usual meaning. */
const UNBOUND = '';
/** Marks an undeclared `cwmp:` prefix: CWMP, version unknown. */
const CWMP_UNDECLARED = 'urn:provisio:cwmp-undeclared';

/** What an undeclared prefix usually means on CWMP wires. */
const USUAL_PREFIXES: Readonly<Record<string, string>> = {
  'SOAP-ENV': SOAP_ENV_NS,
  'soap-env': SOAP_ENV_NS,
  soapenv: SOAP_ENV_NS,
  soap: SOAP_ENV_NS,
  SOAP: SOAP_ENV_NS,
  env: SOAP_ENV_NS,
  s: SOAP_ENV_NS,
  cwmp: CWMP_UNDECLARED,
};

const CWMP_NS = new Set<string>(CWMP_NAMESPACES);

function notCwmp(detail: string): DecodeAbort {
  return new DecodeAbort(errorData('NOT_CWMP', { detail }));
}

const SECTION_NONE = 0;
const SECTION_HEADER = 1;
const SECTION_BODY = 2;

export class EnvelopeSink implements XmlSink {
  readonly warnings = new Warnings();
  private readonly body: BodyMachine;
  private depth = 0;
  private readonly scopes: NsScope[] = [];
  private section = SECTION_NONE;
  private sawRoot = false;
  private sawBody = false;
  /** 0 before the method, 1 while inside it, 2 after it (later Body elements are skipped). */
  private methodState = 0;
  private soapFault = false;
  private unknownMethod: string | undefined;
  private methodNamespace: string | undefined;
  private header: CwmpHeader = {};
  /** Name id of the header element being read, or -1. */
  private headerElement = -1;
  private headerText = '';
  private message: CwmpMessage | undefined;
  /** Local name of the method element: the message's `kind`. */
  private kind = '';

  constructor(lengthPolicy: LengthPolicy) {
    this.body = new BodyMachine(this.warnings, lengthPolicy);
  }

  reset(): void {
    this.depth = 0;
    this.section = SECTION_NONE;
    this.sawRoot = this.sawBody = this.soapFault = false;
    this.methodState = 0;
    this.unknownMethod = this.methodNamespace = this.message = undefined;
    this.header = {};
    this.headerElement = -1;
    this.headerText = '';
    this.warnings.take();
  }

  startElement(prefix: string, local: string, nameId: number, attributes: readonly XmlAttribute[]): void {
    const depth = this.depth++;
    if (this.methodState === 1 && depth > 2) {
      // A SOAP Fault tells the CWMP version only through its detail/cwmp:Fault element; under any
      // other method namespaces no longer matter, and arguments are matched by local name.
      if (this.soapFault && depth <= NS_DEPTH) {
        const uri = this.resolve(depth, prefix, attributes);
        if (depth === 4 && nameId === NAME_ID.Fault) this.methodNamespace = uri;
      }
      if (this.unknownMethod === undefined) this.body.open(nameId, local, attributes);
      return;
    }
    const uri = depth <= NS_DEPTH ? this.resolve(depth, prefix, attributes) : undefined;
    if (depth === 0) {
      this.sawRoot = true;
      if (local !== 'Envelope' || !this.isSoap(uri, prefix)) throw notCwmp(`the root element is <${prefix === '' ? '' : `${prefix}:`}${local}>, not a SOAP 1.1 Envelope`);
    } else if (depth === 1) {
      const soap = this.isSoap(uri, prefix);
      this.section = soap && nameId === NAME_ID.Body ? SECTION_BODY : soap && nameId === NAME_ID.Header ? SECTION_HEADER : SECTION_NONE;
      if (this.section === SECTION_BODY) this.sawBody = true;
    } else if (depth === 2 && this.section === SECTION_HEADER) {
      this.headerElement = isHeaderElement(nameId) ? nameId : -1;
      this.headerText = '';
    } else if (depth === 2 && this.section === SECTION_BODY && this.methodState === 0) {
      this.methodState = 1;
      this.methodNamespace = uri;
      const soapFault = nameId === NAME_ID.Fault && uri !== undefined && uri !== CWMP_UNDECLARED && !CWMP_NS.has(uri) && this.isSoap(uri, prefix);
      const struct = soapFault ? SOAP_FAULT_STRUCT : messageStruct(nameId);
      this.soapFault = soapFault;
      if (struct < 0) this.unknownMethod = local;
      else this.body.begin(struct, local);
      this.kind = local;
    }
  }

  text(value: string): void {
    if (this.methodState === 1) this.body.onText(value);
    else if (this.headerElement >= 0) this.headerText += value;
  }

  endElement(_prefix: string, local: string, _nameId: number): void {
    const depth = --this.depth;
    if (this.methodState === 1) {
      if (depth > 2) {
        if (this.unknownMethod === undefined) this.body.close();
        return;
      }
      if (depth === 2) {
        this.methodState = 2;
        if (this.unknownMethod !== undefined) {
          this.message = { kind: 'Unknown', method: this.unknownMethod };
        } else {
          this.body.close();
          this.message = this.finishMessage();
        }
        return;
      }
    }
    if (depth === 2 && this.section === SECTION_HEADER && this.headerElement >= 0) {
      // mustUnderstand attributes are not checked: the ACS understands every cwmp header.
      const problem = readHeaderElement(this.header, this.headerElement, this.headerText);
      if (problem !== undefined) throw invalidArguments(`Header/${local} is not ${problem}: ${echo(this.headerText)}`);
      this.headerElement = -1;
    } else if (depth === 1) {
      this.section = SECTION_NONE;
    }
  }

  /** The envelope once the tokenizer has reached the end of the body. */
  result(): CwmpEnvelope {
    if (!this.sawRoot) throw notCwmp('the body holds no XML element');
    if (!this.sawBody) throw notCwmp('the envelope has no Body');
    const message = this.message;
    if (message === undefined) throw notCwmp('the Body is empty');
    const ns = this.methodNamespace;
    const namespace = ns !== undefined && CWMP_NS.has(ns) ? (ns as CwmpNamespace) : undefined;
    const envelope: CwmpEnvelope = { namespace, header: this.header, message };
    const warnings = this.warnings.take();
    if (warnings !== undefined) envelope.warnings = warnings;
    this.message = undefined;
    this.header = {};
    return envelope;
  }

  private finishMessage(): CwmpMessage {
    const obj = this.body.take() as Record<string, unknown>;
    if (!this.soapFault) {
      // The name id matched a message, so the local name is the XSD element name: the `kind`.
      obj.kind = this.kind;
      if (this.kind === 'Fault') {
        // A bare cwmp:Fault in the Body, without the SOAP Fault around it: read it, say so.
        this.warnings.add('cwmp:Fault without a SOAP Fault around it; faultcode and faultstring left empty');
        obj.faultcode = obj.faultstring = '';
      }
      return obj as unknown as CwmpMessage;
    }
    const detail = obj.detail as { Fault: Record<string, unknown> };
    // `SOAP-ENV:Client` → `Client`: the prefix is the sender's, the code is SOAP's.
    const code = (obj.faultcode as string).trim();
    const faultcode = code.slice(code.indexOf(':') + 1);
    return { kind: 'Fault', faultcode, faultstring: obj.faultstring, ...detail.Fault } as unknown as CwmpMessage;
  }

  /** True for the SOAP envelope namespace, and for what CPEs put there instead (with a warning). */
  private isSoap(uri: string | undefined, prefix: string): boolean {
    if (uri === SOAP_ENV_NS) return true;
    if (uri === SOAP_ENC_NS) {
      this.warnings.add(`prefix ${prefix} is bound to the SOAP encoding namespace; read as the SOAP envelope namespace`);
      return true;
    }
    return false;
  }

  /** The namespace of an element at `depth` with `prefix`, after recording its xmlns declarations. */
  private resolve(depth: number, prefix: string, attributes: readonly XmlAttribute[]): string | undefined {
    let scope = depth === 0 ? ROOT_SCOPE : (this.scopes[depth - 1] ?? ROOT_SCOPE);
    let own = false;
    for (let i = 0; i < attributes.length; i++) {
      const a = attributes[i] as XmlAttribute;
      const isDefault = a.prefix === '' && a.local === 'xmlns';
      if (a.prefix === 'xmlns' || isDefault) {
        if (!own) {
          scope = Object.create(scope) as NsScope;
          own = true;
        }
        scope[isDefault ? '' : a.local] = a.value;
      }
    }
    this.scopes[depth] = scope;
    const uri = scope[prefix];
    if (uri !== undefined) return uri === '' ? undefined : uri;
    if (prefix === '') return undefined;
    const usual = USUAL_PREFIXES[prefix] ?? UNBOUND;
    this.warnings.add(`prefix ${prefix} is used without a declaration; read as ${usual === CWMP_UNDECLARED ? 'CWMP' : usual === UNBOUND ? 'no namespace' : usual}`);
    return usual === UNBOUND ? undefined : usual;
  }
}
