/**
 * The northbound API's HTTP listener: copies method, path, query, Authorization and a bounded
 * body out of uWS and hands them to the NBI router.
 */
import { answer, beginExchange, listenApp, readBody, textReply, type HttpReply, type Listener } from './exchange.js';
import { uWS } from './uws.js';

export interface NbiHttpRequest {
  method: string;
  path: string;
  query: string;
  authorization: string | undefined;
  body: Uint8Array | undefined;
}

export interface NbiListenerOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  handle: (request: NbiHttpRequest) => Promise<HttpReply>;
  onError: (err: unknown) => void;
}

export function listenNbi(options: NbiListenerOptions): Promise<Listener> {
  let inflight = 0;
  const app = uWS.App().any('/*', (res, req) => {
    inflight++;
    const exchange = beginExchange(res, () => inflight--);
    const request: NbiHttpRequest = {
      method: req.getMethod(),
      path: req.getUrl(),
      query: req.getQuery() ?? '',
      authorization: req.getHeader('authorization') || undefined,
      body: undefined,
    };
    const run = () => {
      options.handle(request).then(
        (reply) => answer(exchange, reply),
        (err: unknown) => {
          options.onError(err);
          answer(exchange, textReply(500, 'internal error'));
        },
      );
    };
    if (request.method === 'get' || request.method === 'head') {
      run();
      return;
    }
    readBody(exchange, req, options.maxBodyBytes, (body) => {
      request.body = body;
      run();
    }, () => answer(exchange, textReply(413, `body larger than ${options.maxBodyBytes} bytes`), true));
  });
  return listenApp(app, options.host, options.port, 'the northbound API', 'nbi.port', () => inflight);
}
