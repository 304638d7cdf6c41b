/**
 * The plain-data answer a worker hands back to the front end: an HTTP response plus the ingest
 * rows the request produced and what happened to the session (for graceful shutdown).
 */
import type { ErrorData } from '../errors/codes.js';
import type { IngestRows } from '../store/clickhouse/ingest-sink.js';

export interface CwmpRequest {
  body: Uint8Array;
  /** The request's Cookie header, if any. */
  cookie: string | undefined;
  remoteAddress: string;
  receivedMs: number;
}

export interface CwmpReply {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array | string | null;
  rows: IngestRows[];
  /** Set when this request opened or ended a session. */
  session?: { event: 'opened' | 'ended'; id: string };
}

const XML_CONTENT_TYPE: [string, string] = ['Content-Type', 'text/xml; charset="utf-8"'];

export function xmlReply(body: Uint8Array, extraHeaders: Array<[string, string]> = [], rows: IngestRows[] = []): CwmpReply {
  return { status: 200, headers: [XML_CONTENT_TYPE, ...extraHeaders], body, rows };
}

/** An HTTP error with the catalogue's message; 503s carry Retry-After so CPEs back off. */
export function errorReply(error: ErrorData, retryAfterS: number): CwmpReply {
  const headers: Array<[string, string]> = [
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['X-Provisio-Error', error.code],
  ];
  if (error.httpStatus === 503) headers.push(['Retry-After', String(retryAfterS)]);
  return { status: error.httpStatus, headers, body: `${error.code}: ${error.message}\n`, rows: [] };
}
