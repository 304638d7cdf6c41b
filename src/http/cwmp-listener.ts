/**
 * The CWMP endpoint. It only moves bytes: bounded body in, cookie and peer address copied out of the
 * request, the handler's reply written back. It never parses XML.
 */
import { errorData } from '../errors/codes.js';
import { answer, beginExchange, listenApp, readBody, textReply, type HttpReply, type Listener } from './exchange.js';
import { uWS } from './uws.js';

export interface CwmpHttpRequest {
  body: Uint8Array;
  cookie: string | undefined;
  remoteAddress: string;
  receivedMs: number;
}

export interface CwmpHttpHandler {
  handle(request: CwmpHttpRequest): Promise<HttpReply>;
  /** True when no more requests may be queued (the front end answers 503). */
  overloaded(): boolean;
  /** False while the node drains for shutdown and the request opens no session of ours. */
  admits(cookie: string | undefined): boolean;
}

export interface CwmpListenerOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  retryAfterS: number;
  handler: CwmpHttpHandler;
  onError: (err: unknown) => void;
}

function errorText(name: 'BODY_TOO_LARGE' | 'OVERLOADED' | 'SHUTTING_DOWN' | 'INTERNAL', params: Record<string, string | number>, retryAfterS: number): HttpReply {
  const e = errorData(name, params);
  const headers: Array<[string, string]> = [['X-Provisio-Error', e.code]];
  if (e.httpStatus === 503) headers.push(['Retry-After', String(retryAfterS)]);
  return textReply(e.httpStatus, `${e.code}: ${e.message}`, headers);
}

export function listenCwmp(options: CwmpListenerOptions): Promise<Listener> {
  const { handler, maxBodyBytes, retryAfterS } = options;
  const tooLarge = errorText('BODY_TOO_LARGE', { limit: maxBodyBytes }, retryAfterS);
  const overloaded = errorText('OVERLOADED', { retryAfterS }, retryAfterS);
  const internal = errorText('INTERNAL', { detail: 'see the Provisio log' }, retryAfterS);
  const shuttingDown = errorText('SHUTTING_DOWN', {}, retryAfterS);
  let inflight = 0;

  const app = uWS.App().post('/*', (res, req) => {
    // Counted from the headers on, so that a shutdown waits for bodies still arriving too.
    inflight++;
    const exchange = beginExchange(res, () => inflight--);
    const cookie = req.getHeader('cookie') || undefined;
    if (!handler.admits(cookie)) {
      answer(exchange, shuttingDown, true);
      return;
    }
    if (handler.overloaded()) {
      answer(exchange, overloaded, true);
      return;
    }
    const remoteAddress = Buffer.from(res.getRemoteAddressAsText()).toString();
    readBody(
      exchange,
      req,
      maxBodyBytes,
      (body) => {
        // The queue may have filled while the body arrived.
        if (handler.overloaded()) {
          answer(exchange, overloaded, true);
          return;
        }
        handler.handle({ body, cookie, remoteAddress, receivedMs: Date.now() }).then(
          (reply) => answer(exchange, reply),
          (err: unknown) => {
            options.onError(err);
            answer(exchange, internal);
          },
        );
      },
      // Closing the connection stops the client from sending the rest of an oversized body.
      () => answer(exchange, tooLarge, true),
    );
  }).any('/*', (res) => {
    answer(beginExchange(res), textReply(405, 'CWMP requests are HTTP POSTs', [['Allow', 'POST']]));
  });

  return listenApp(app, options.host, options.port, 'CWMP', 'cwmp.port', () => inflight);
}
