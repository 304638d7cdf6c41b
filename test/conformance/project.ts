/**
 * The stable projection the conformance corpus is checked against.
 *
 * The decoded message types are being regenerated from the BBF XSDs, so the expected files do not
 * mirror a whole decoded object. They name a few fields by their specification path and give the
 * value each must decode to:
 *
 * ```json
 * { "namespace": "urn:dslforum-org:cwmp-1-0", "header": { "ID": "1" }, "kind": "Inform",
 *   "fields": { "DeviceId.SerialNumber": "S1", "Event[].EventCode": ["1 BOOT"], "RetryCount": 0 } }
 * ```
 *
 * or, for a body that must be refused, `{ "error": "NOT_CWMP" }` (the catalogue key, not the
 * `PRV_ERR_…` code, so that a renamed code does not rewrite the corpus).
 *
 * Two optional keys: `"charset"` is an input, the charset the body's HTTP Content-Type declared
 * (passed to the decoder, not compared); `"warnings": true|false` asks whether the decoder
 * recorded any warning (the texts are free to change, so only their presence is compared).
 *
 * Paths: `.` descends into a struct, `Name[]` maps over an array (`Event[].EventCode` is the list
 * of every event's code; `MethodList[]` the list itself). Leaves keep their XSD type as JSON:
 * xs:int/unsignedInt → number, xs:boolean → boolean, strings and xs:dateTime → the string as sent
 * (a Date is projected as its ISO string). `Value` (xs:anySimpleType) is always projected as text,
 * whatever type the decoder gives it, because the wire carries text and xsi:type is optional.
 * A field the decoder did not give is projected as `null`.
 */
import { ERRORS, type ErrorData } from '../../src/errors/codes.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Header fields by their element names; only those the decoder reported. */
export type HeaderProjection = Partial<Record<(typeof HEADER_FIELDS)[number][0], Json>>;

export interface DecodedProjection {
  /** Input: the HTTP charset the body came with. */
  charset?: string;
  namespace: string | null;
  header: HeaderProjection;
  kind: string;
  /** Whether the decoder recorded warnings; compared only when the expected result names it. */
  warnings?: boolean;
  fields: Record<string, Json>;
}

export interface ErrorProjection {
  charset?: string;
  error: keyof typeof ERRORS;
}

export type Projection = DecodedProjection | ErrorProjection;

/** What a decode gives, in the shape of the codec's public result (kept loose: it is being regenerated). */
export type DecodeOutcome =
  | { ok: true; envelope: { namespace: string | undefined; header: object; message: { kind: string }; warnings?: readonly string[] } }
  | { ok: false; error: ErrorData };

/** Header element name → the property names a decoder may use for it (spec spelling first). */
const HEADER_FIELDS = [
  ['ID', ['ID', 'id']],
  ['HoldRequests', ['HoldRequests', 'holdRequests']],
  ['SessionTimeout', ['SessionTimeout', 'sessionTimeout']],
  ['SupportedCWMPVersions', ['SupportedCWMPVersions', 'supportedCwmpVersions']],
  ['UseCWMPVersion', ['UseCWMPVersion', 'useCwmpVersion']],
  ['NoMoreRequests', ['NoMoreRequests', 'noMoreRequests']],
] as const;

/**
 * The fields recorded for a new corpus file of each kind (`UPDATE_CONFORMANCE=1`): the ones that
 * identify the message and carry its data. A kind not listed records no fields.
 */
export const DEFAULT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Inform: [
    'DeviceId.Manufacturer',
    'DeviceId.OUI',
    'DeviceId.ProductClass',
    'DeviceId.SerialNumber',
    'Event[].EventCode',
    'Event[].CommandKey',
    'MaxEnvelopes',
    'CurrentTime',
    'RetryCount',
    'ParameterList[].Name',
    'ParameterList[].Value',
  ],
  TransferComplete: ['CommandKey', 'FaultStruct.FaultCode', 'FaultStruct.FaultString', 'StartTime', 'CompleteTime'],
  AutonomousTransferComplete: [
    'AnnounceURL',
    'TransferURL',
    'IsDownload',
    'FileType',
    'FileSize',
    'TargetFileName',
    'FaultStruct.FaultCode',
    'FaultStruct.FaultString',
    'StartTime',
    'CompleteTime',
  ],
  RequestDownload: ['FileType', 'FileTypeArg[].Name', 'FileTypeArg[].Value'],
  Kicked: ['Command', 'Referer', 'Arg', 'Next'],
  DUStateChangeComplete: [
    'CommandKey',
    'Results[].UUID',
    'Results[].DeploymentUnitRef',
    'Results[].Version',
    'Results[].CurrentState',
    'Results[].Resolved',
    'Results[].Fault.FaultCode',
  ],
  AutonomousDUStateChangeComplete: [
    'Results[].UUID',
    'Results[].DeploymentUnitRef',
    'Results[].Version',
    'Results[].CurrentState',
    'Results[].Resolved',
    'Results[].Fault.FaultCode',
    'Results[].OperationPerformed',
  ],
  GetRPCMethodsResponse: ['MethodList[]'],
  SetParameterValuesResponse: ['Status'],
  GetParameterValuesResponse: ['ParameterList[].Name', 'ParameterList[].Value'],
  GetParameterNamesResponse: ['ParameterList[].Name', 'ParameterList[].Writable'],
  GetParameterAttributesResponse: ['ParameterList[].Name', 'ParameterList[].Notification', 'ParameterList[].AccessList'],
  AddObjectResponse: ['InstanceNumber', 'Status'],
  DeleteObjectResponse: ['Status'],
  DownloadResponse: ['Status', 'StartTime', 'CompleteTime'],
  UploadResponse: ['Status', 'StartTime', 'CompleteTime'],
  GetQueuedTransfersResponse: ['TransferList[].CommandKey', 'TransferList[].State'],
  GetAllQueuedTransfersResponse: [
    'TransferList[].CommandKey',
    'TransferList[].State',
    'TransferList[].IsDownload',
    'TransferList[].FileType',
    'TransferList[].FileSize',
    'TransferList[].TargetFileName',
  ],
  GetOptionsResponse: [
    'OptionList[].OptionName',
    'OptionList[].VoucherSN',
    'OptionList[].State',
    'OptionList[].Mode',
    'OptionList[].StartDate',
    'OptionList[].IsTransferable',
  ],
  Fault: [
    'faultcode',
    'faultstring',
    'FaultCode',
    'FaultString',
    'SetParameterValuesFault[].ParameterName',
    'SetParameterValuesFault[].FaultCode',
    'SetParameterValuesFault[].FaultString',
  ],
};

/** The catalogue key of an error code (`PRV_ERR_CODEC_NOT_CWMP` → `NOT_CWMP`). */
function errorKey(code: string): keyof typeof ERRORS {
  for (const key of Object.keys(ERRORS) as (keyof typeof ERRORS)[]) {
    if (ERRORS[key].code === code) return key;
  }
  throw new Error(`error code ${code} is not in src/errors/codes.ts`);
}

/** What to project besides the fields: taken from the expected result, or defaults when recording. */
export interface ProjectOptions {
  /** Field paths; {@link DEFAULT_FIELDS} of the message's kind when absent. */
  paths?: readonly string[];
  /** Echoed as the projection's `charset` (an input, see the module comment). */
  charset?: string;
  /** Project whether there were warnings. */
  warnings?: boolean;
}

/** Projects a decode outcome (see the module comment for the format). */
export function project(outcome: DecodeOutcome, options: ProjectOptions = {}): Projection {
  const charset = options.charset === undefined ? {} : { charset: options.charset };
  if (!outcome.ok) return { ...charset, error: errorKey(outcome.error.code) };
  const { namespace, header, message } = outcome.envelope;
  const fields: Record<string, Json> = {};
  for (const path of options.paths ?? DEFAULT_FIELDS[message.kind] ?? []) fields[path] = pick(message, path);
  const projection: DecodedProjection = { ...charset, namespace: namespace ?? null, header: projectHeader(header), kind: message.kind, fields };
  if (options.warnings === true) projection.warnings = (outcome.envelope.warnings?.length ?? 0) > 0;
  return projection;
}

function projectHeader(header: object): HeaderProjection {
  const out: HeaderProjection = {};
  const source = header as Record<string, unknown>;
  for (const [name, aliases] of HEADER_FIELDS) {
    for (const alias of aliases) {
      if (source[alias] !== undefined) {
        out[name] = toJson(source[alias], name);
        break;
      }
    }
  }
  return out;
}

/** The value at `path` in `node` (see the module comment for the syntax). */
export function pick(node: unknown, path: string): Json {
  return pickSegments(node, path.split('.'));
}

function pickSegments(node: unknown, segments: readonly string[]): Json {
  const [segment, ...rest] = segments;
  if (segment === undefined) return toJson(node, '');
  if (node === null || typeof node !== 'object') return null;
  const isList = segment.endsWith('[]');
  const name = isList ? segment.slice(0, -2) : segment;
  const child = (node as Record<string, unknown>)[name];
  if (child === undefined || child === null) return null;
  if (!isList) return rest.length === 0 ? toJson(child, name) : pickSegments(child, rest);
  if (!Array.isArray(child)) return null;
  return child.map((item: unknown) => (rest.length === 0 ? toJson(item, name) : pickSegments(item, rest)));
}

/** A decoded leaf (or subtree) as plain JSON; `name` is the element it came from. */
function toJson(value: unknown, name: string): Json {
  if (value === undefined || value === null) return null;
  // xs:anySimpleType: the text as sent, however the decoder typed it.
  if (name === 'Value' && typeof value !== 'object') return String(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map((item: unknown) => toJson(item, name));
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toJson(item, key);
    return out;
  }
  return String(value);
}
