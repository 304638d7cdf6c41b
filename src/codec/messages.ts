/**
 * Typed CWMP messages: what the codec decodes bytes into and encodes from. The message types are
 * generated from the XSDs (src/generated/cwmp/types.ts); this module adds the envelope around
 * them and the namespace constants, and re-exports the generated message and header types.
 */
export type * from '../generated/cwmp/types.js';
export type { CwmpHeader } from '../generated/cwmp/headers.js';
import type { CwmpHeader } from '../generated/cwmp/headers.js';
import type { CwmpMessage } from '../generated/cwmp/types.js';

/** The CWMP namespace URNs a CPE may use; the ACS answers in the one the CPE chose. */
export const CWMP_NAMESPACES = [
  'urn:dslforum-org:cwmp-1-0',
  'urn:dslforum-org:cwmp-1-1',
  'urn:dslforum-org:cwmp-1-2',
  'urn:dslforum-org:cwmp-1-3',
  'urn:dslforum-org:cwmp-1-4',
] as const;
export type CwmpNamespace = (typeof CWMP_NAMESPACES)[number];

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP_ENC_NS = 'http://schemas.xmlsoap.org/soap/encoding/';
export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** A decoded envelope. */
export interface CwmpEnvelope {
  /** The cwmp namespace the sender bound, or undefined when the body used none or an unknown one. */
  namespace: CwmpNamespace | undefined;
  header: CwmpHeader;
  message: CwmpMessage;
  /**
   * What the decoder tolerated (an undeclared prefix, an unknown element skipped, a value longer
   * than its XSD length…), for the session log; absent when there was nothing to say.
   */
  warnings?: string[];
}

/** What the encoder needs besides the message. */
export interface EncodeOptions {
  namespace: CwmpNamespace;
  /** Header fields to send; `cwmp:ID` is always sent, generated when `header.id` is absent. */
  header?: CwmpHeader;
}
