/**
 * The uWS request/response chores both listeners share: a bounded body reader and a reply writer
 * that is safe after async work (aborted responses are skipped, writes are corked).
 */
import { STATUS_CODES } from 'node:http';
import { ProvisioError } from '../errors/codes.js';
import { uWS, type HttpRequest, type HttpResponse, type TemplatedApp, type us_listen_socket } from './uws.js';

export interface HttpReply {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array | string | null;
}

/** One request in flight: whether its client went away, and how to answer it once. */
export interface Exchange {
  readonly res: HttpResponse;
  aborted: boolean;
  answered: boolean;
  /** Called once, when the exchange is answered or its client goes away. */
  onEnd: (() => void) | undefined;
}

/** Registers onAborted first, as uWS requires before any async work. */
export function beginExchange(res: HttpResponse, onEnd?: () => void): Exchange {
  const exchange: Exchange = { res, aborted: false, answered: false, onEnd };
  res.onAborted(() => {
    exchange.aborted = true;
    endExchange(exchange);
  });
  return exchange;
}

function endExchange(exchange: Exchange): void {
  const onEnd = exchange.onEnd;
  exchange.onEnd = undefined;
  onEnd?.();
}

function statusLine(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? 'Unknown'}`;
}

/** Writes the reply unless the client is gone; `close` ends the connection after it. */
export function answer(exchange: Exchange, reply: HttpReply, close = false): void {
  if (exchange.aborted || exchange.answered) return;
  exchange.answered = true;
  endExchange(exchange);
  exchange.res.cork(() => {
    const res = exchange.res.writeStatus(statusLine(reply.status));
    for (const [name, value] of reply.headers) res.writeHeader(name, value);
    // No Content-Length on a body-less reply (a 204 must not carry one). This uWS build writes a
    // bogus length when the argument is passed as undefined, so the no-argument form is used.
    if (reply.body === null) {
      if (close) res.endWithoutBody(0, true);
      else res.endWithoutBody();
    }
    else res.end(reply.body, close);
  });
}

export function textReply(status: number, text: string, headers: Array<[string, string]> = []): HttpReply {
  return { status, headers: [['Content-Type', 'text/plain; charset=utf-8'], ...headers], body: `${text}\n` };
}

/**
 * Reads the body into one buffer, refusing it as soon as it would pass `maxBytes`: the declared
 * Content-Length is checked before a byte is read, and the running total for chunked bodies.
 */
const INITIAL_BODY_BYTES = 64 * 1024;

export function readBody(exchange: Exchange, req: HttpRequest, maxBytes: number, onBody: (body: Uint8Array) => void, onTooLarge: () => void): void {
  const declared = Number(req.getHeader('content-length') || '0');
  if (declared > maxBytes) {
    onTooLarge();
    return;
  }
  // Trust the declared length only so far: a client that announces megabytes and sends nothing must
  // not make us reserve them.
  let buffer = new Uint8Array(new ArrayBuffer(Math.min(Math.max(declared, 0), INITIAL_BODY_BYTES)));
  let length = 0;
  let refused = false;
  exchange.res.onData((chunk, isLast) => {
    if (refused) return;
    // uWS reuses chunk memory after this callback returns: copy now.
    const bytes = new Uint8Array(chunk);
    if (length + bytes.length > maxBytes) {
      refused = true;
      onTooLarge();
      return;
    }
    if (length + bytes.length > buffer.length) {
      const grown = new Uint8Array(new ArrayBuffer(Math.min(maxBytes, Math.max(length + bytes.length, buffer.length * 2, 4096))));
      grown.set(buffer.subarray(0, length));
      buffer = grown;
    }
    buffer.set(bytes, length);
    length += bytes.length;
    if (isLast) onBody(length === buffer.length ? buffer : buffer.slice(0, length));
  });
}

export interface Listener {
  readonly port: number;
  /** Stops accepting connections; open keep-alive connections go on being served. */
  stopListening(): void;
  /** Requests being handled right now. */
  readonly inflight: number;
}

/** Binds the app; `what` and `setting` name the listener in the error when the port is taken. */
export function listenApp(app: TemplatedApp, host: string, port: number, what: string, setting: string, inflight: () => number): Promise<Listener> {
  return new Promise((resolve, reject) => {
    app.listen(host, port, (socket: us_listen_socket | false) => {
      if (!socket) {
        reject(new ProvisioError('LISTEN_FAILED', { what, host, port, setting }));
        return;
      }
      let open = true;
      resolve({
        port: uWS.us_socket_local_port(socket as never),
        // Closing a uWS listen socket twice is undefined behaviour in native code (it hung here).
        stopListening: () => {
          if (open) uWS.us_listen_socket_close(socket);
          open = false;
        },
        get inflight() {
          return inflight();
        },
      });
    });
  });
}
