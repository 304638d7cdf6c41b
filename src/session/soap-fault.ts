/**
 * Errors the protocol answers inside CWMP: a SOAP Fault envelope with the ACS fault code, sent with
 * HTTP 200 so that the CPE's SOAP stack reads it.
 */
import { encodeEnvelope } from '../codec/encode.js';
import type { CwmpNamespace } from '../codec/messages.js';
import type { ErrorData } from '../errors/codes.js';
import { xmlReply, type CwmpReply } from './reply.js';

export function soapFaultReply(error: ErrorData, namespace: CwmpNamespace, requestId: string | undefined): CwmpReply {
  const body = encodeEnvelope(
    { kind: 'Fault', faultcode: 'Client', faultstring: 'CWMP fault', FaultCode: error.cwmpFault ?? 8002, FaultString: error.message, SetParameterValuesFault: [] },
    { namespace, header: requestId === undefined ? {} : { id: requestId } },
  );
  return xmlReply(body, [['X-Provisio-Error', error.code]]);
}
