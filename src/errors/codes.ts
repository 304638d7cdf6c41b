/**
 * The one error catalogue of Provisio. Every error that leaves a module carries one of these
 * codes; `docs/errors.md` lists the same set (a test keeps them equal).
 *
 * Errors cross thread boundaries as plain data ({@link ErrorData}), never as class instances,
 * because structured clone drops the class.
 */

export interface ErrorSpec {
  /** Stable identifier, `PRV_ERR_<AREA>_<WHAT>`. */
  readonly code: string;
  /** What happened, for people. May hold `{name}` placeholders filled by {@link errorData}. */
  readonly message: string;
  /** HTTP status the front end answers with when this error ends a request. */
  readonly httpStatus: number;
  /** ACS fault code (8000-series) sent in a SOAP Fault, where the error maps to one. */
  readonly cwmpFault?: number;
}

function spec(code: string, httpStatus: number, message: string, cwmpFault?: number): ErrorSpec {
  return Object.freeze(cwmpFault === undefined ? { code, message, httpStatus } : { code, message, httpStatus, cwmpFault });
}

export const ERRORS = Object.freeze({
  CONFIG_INVALID: spec('PRV_ERR_CONFIG_INVALID', 500, 'Configuration is invalid: {detail}'),
  UWS_FALLBACK: spec(
    'PRV_ERR_HTTP_UWS_FALLBACK',
    500,
    'uWebSockets.js loaded its JavaScript fallback instead of the native build ({detail}); run Provisio on Node 20 on linux-x64/arm64 and reinstall with npm ci',
  ),
  LISTEN_FAILED: spec('PRV_ERR_HTTP_LISTEN_FAILED', 500, 'Cannot listen for {what} on {host}:{port}: the port is in use or not permitted; free it or change {setting}'),
  BODY_TOO_LARGE: spec('PRV_ERR_HTTP_BODY_TOO_LARGE', 413, 'Request body is larger than {limit} bytes'),
  OVERLOADED: spec('PRV_ERR_HTTP_OVERLOADED', 503, 'Provisio is at capacity; retry after {retryAfterS} s', 8004),
  SHUTTING_DOWN: spec('PRV_ERR_HTTP_SHUTTING_DOWN', 503, 'Provisio is shutting down; retry on another node or later'),
  NOT_FOUND: spec('PRV_ERR_HTTP_NOT_FOUND', 404, 'No such resource: {path}'),
  UNAUTHORIZED: spec('PRV_ERR_NBI_UNAUTHORIZED', 401, 'A valid bearer token is required (Authorization: Bearer <token>)'),
  BAD_REQUEST: spec('PRV_ERR_NBI_BAD_REQUEST', 400, 'Bad request: {detail}'),
  XML_MALFORMED: spec('PRV_ERR_CODEC_XML_MALFORMED', 400, 'Body is not well-formed XML: {detail}', 8003),
  XML_LIMIT: spec('PRV_ERR_CODEC_XML_LIMIT', 400, 'Body passes a codec limit (nesting depth, element count, name or value length): {detail}', 8004),
  CHARSET_UNSUPPORTED: spec('PRV_ERR_CODEC_CHARSET_UNSUPPORTED', 400, 'Body is in a character set Provisio does not read: {detail}; send UTF-8 or ISO-8859-1', 8003),
  NOT_CWMP: spec('PRV_ERR_CODEC_NOT_CWMP', 400, 'Body is not a CWMP SOAP envelope: {detail}', 8003),
  INVALID_ARGUMENTS: spec('PRV_ERR_CODEC_INVALID_ARGUMENTS', 200, 'CWMP message has invalid arguments: {detail}', 8003),
  METHOD_NOT_SUPPORTED: spec('PRV_ERR_SESSION_METHOD_NOT_SUPPORTED', 200, 'Method {method} is not supported by Provisio', 8000),
  TASK_UNANSWERED: spec('PRV_ERR_SESSION_TASK_UNANSWERED', 200, 'The CPE sent {received} instead of answering {method}', 8002),
  DEVICE_ID_INVALID: spec('PRV_ERR_SESSION_DEVICE_ID_INVALID', 200, 'Inform DeviceId is not usable: {detail}', 8003),
  VERSION_INCOMPATIBLE: spec('PRV_ERR_SESSION_VERSION_INCOMPATIBLE', 200, 'No CWMP version fits: {detail}', 8006),
  NO_SESSION: spec('PRV_ERR_SESSION_NO_SESSION', 400, 'No CWMP session: the first message of a session must be an Inform', 8003),
  SESSION_BUSY: spec('PRV_ERR_SESSION_BUSY', 503, 'Device {deviceId} has a request in progress; retry shortly', 8005),
  STORE_UNAVAILABLE: spec('PRV_ERR_STORE_UNAVAILABLE', 503, 'Session store is unavailable ({detail}); CPEs are asked to retry later'),
  CLICKHOUSE_INSERT: spec('PRV_ERR_CLICKHOUSE_INSERT', 503, 'ClickHouse at {url} refused the insert into {table}: {detail}'),
  CLICKHOUSE_UNREACHABLE: spec(
    'PRV_ERR_CLICKHOUSE_UNREACHABLE',
    503,
    'ClickHouse at {url} did not answer ({detail}); check clickhouse.url and that the server is running',
  ),
  CLICKHOUSE_AUTH: spec(
    'PRV_ERR_CLICKHOUSE_AUTH',
    503,
    'ClickHouse at {url} refused user {user} ({detail}); check clickhouse.username and clickhouse.password',
  ),
  CLICKHOUSE_QUERY: spec('PRV_ERR_CLICKHOUSE_QUERY', 500, 'ClickHouse at {url} failed the statement: {detail}'),
  CLICKHOUSE_BAD_ROWS: spec(
    'PRV_ERR_CLICKHOUSE_BAD_ROWS',
    500,
    'ClickHouse at {url} rejected rows for {table} as malformed ({detail}); the batch is set aside, not retried',
  ),
  CLICKHOUSE_SCHEMA: spec(
    'PRV_ERR_CLICKHOUSE_SCHEMA',
    500,
    'Could not create the Provisio schema in database {database} at {url}: {detail}',
  ),
  INGEST_FLUSH_TIMEOUT: spec(
    'PRV_ERR_INGEST_FLUSH_TIMEOUT',
    503,
    'Statistics rows still wait for ClickHouse after {timeoutMs} ms ({heldRows} rows held, {spooledFiles} spool files); last error: {detail}',
  ),
  CHDB_OPEN: spec(
    'PRV_ERR_CHDB_OPEN',
    500,
    'chDB could not open {path} ({detail}); one process may use a data folder, and a process only one folder: stop the other Provisio or set dataDir',
  ),
  INTERNAL: spec('PRV_ERR_INTERNAL', 500, 'Internal error: {detail}', 8002),
});

export type ErrorName = keyof typeof ERRORS;

/** An error as plain data: safe to clone across threads and to serialise as JSON. */
export interface ErrorData {
  code: string;
  message: string;
  httpStatus: number;
  cwmpFault?: number;
}

/** Builds the plain-data form of a catalogue entry, filling `{name}` placeholders. */
export function errorData(name: ErrorName, params: Record<string, string | number> = {}): ErrorData {
  const s = ERRORS[name];
  const message = s.message.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
  return s.cwmpFault === undefined
    ? { code: s.code, message, httpStatus: s.httpStatus }
    : { code: s.code, message, httpStatus: s.httpStatus, cwmpFault: s.cwmpFault };
}

/** The throwable form, for code paths inside one thread (start-up, the NBI). */
export class ProvisioError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly cwmpFault: number | undefined;

  constructor(name: ErrorName, params: Record<string, string | number> = {}, options?: { cause?: unknown }) {
    const data = errorData(name, params);
    super(data.message, options);
    this.name = 'ProvisioError';
    this.code = data.code;
    this.httpStatus = data.httpStatus;
    this.cwmpFault = data.cwmpFault;
  }

  toData(): ErrorData {
    return this.cwmpFault === undefined
      ? { code: this.code, message: this.message, httpStatus: this.httpStatus }
      : { code: this.code, message: this.message, httpStatus: this.httpStatus, cwmpFault: this.cwmpFault };
  }
}
