/**
 * The one place that loads uWebSockets.js. The package quietly falls back to a JavaScript
 * implementation (about 4x slower) when its native build does not match the running Node.js;
 * Provisio refuses to start on it rather than run slow without anyone noticing.
 */
import uWS from 'uWebSockets.js';
import { ProvisioError } from '../errors/codes.js';

export type { HttpRequest, HttpResponse, TemplatedApp, us_listen_socket } from 'uWebSockets.js';

/** True when the loaded module is the native build (the fallback lacks these native-only exports). */
export function isNativeUws(module: object = uWS): boolean {
  const m = module as Record<string, unknown>;
  return typeof m.getParts === 'function' && typeof m.SSLApp === 'function';
}

/** Throws PRV_ERR_HTTP_UWS_FALLBACK unless the native build is loaded. */
export function assertNativeUws(module: object = uWS): void {
  if (!isNativeUws(module)) {
    const detail = `Node ${process.version} ${process.platform}-${process.arch}, ABI ${process.versions.modules}`;
    throw new ProvisioError('UWS_FALLBACK', { detail });
  }
}

export { uWS };
