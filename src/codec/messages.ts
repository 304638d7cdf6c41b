/**
 * Typed CWMP messages: what the codec decodes bytes into and encodes from.
 *
 * Wire names keep the specification's spelling. This first cut covers the messages of one
 * periodic session with a GetParameterValues task; the generated codec replaces it with every
 * message of CWMP 1.0–1.4.
 */

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

/** SOAP header elements of CWMP. Absent fields were absent on the wire. */
export interface CwmpHeader {
  id?: string;
  holdRequests?: boolean;
  sessionTimeout?: number;
  supportedCwmpVersions?: string;
  useCwmpVersion?: string;
  noMoreRequests?: boolean;
}

export interface DeviceIdStruct {
  Manufacturer: string;
  OUI: string;
  ProductClass: string;
  SerialNumber: string;
}

export interface EventStruct {
  EventCode: string;
  CommandKey: string;
}

export interface ParameterValueStruct {
  Name: string;
  Value: string;
  /** The xsi:type the sender gave, without prefix (`string`, `unsignedInt`, …); absent when none. */
  type?: string;
}

export interface Inform {
  kind: 'Inform';
  DeviceId: DeviceIdStruct;
  Event: EventStruct[];
  MaxEnvelopes: number;
  CurrentTime: string;
  RetryCount: number;
  ParameterList: ParameterValueStruct[];
}

export interface InformResponse {
  kind: 'InformResponse';
  MaxEnvelopes: number;
}

export interface GetParameterValues {
  kind: 'GetParameterValues';
  ParameterNames: string[];
}

export interface GetParameterValuesResponse {
  kind: 'GetParameterValuesResponse';
  ParameterList: ParameterValueStruct[];
}

export interface SetParameterValuesFaultStruct {
  ParameterName: string;
  FaultCode: number;
  FaultString: string;
}

/** A SOAP Fault carrying a cwmp:Fault detail. */
export interface Fault {
  kind: 'Fault';
  faultcode: string;
  faultstring: string;
  FaultCode: number;
  FaultString: string;
  SetParameterValuesFault: SetParameterValuesFaultStruct[];
}

/** A well-formed envelope whose body holds a method this codec does not decode. */
export interface UnknownMethod {
  kind: 'Unknown';
  /** Local name of the body's first element, e.g. `X_ACME_Foo`. */
  method: string;
}

export type CwmpMessage =
  | Inform
  | InformResponse
  | GetParameterValues
  | GetParameterValuesResponse
  | Fault
  | UnknownMethod;

/** A decoded envelope. */
export interface CwmpEnvelope {
  /** The cwmp namespace the sender bound, or undefined when the body used none. */
  namespace: CwmpNamespace | undefined;
  header: CwmpHeader;
  message: CwmpMessage;
}

/** What the encoder needs besides the message. */
export interface EncodeOptions {
  namespace: CwmpNamespace;
  header?: CwmpHeader;
}
