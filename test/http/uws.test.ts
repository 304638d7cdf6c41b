import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { assertNativeUws, isNativeUws } from '../../src/http/uws.js';

describe('the uWebSockets.js check', () => {
  it('recognises the native build on this machine', () => {
    expect(isNativeUws()).toBe(true);
  });

  it('refuses the JavaScript fallback with PRV_ERR_HTTP_UWS_FALLBACK', () => {
    const fallback = createRequire(import.meta.url)('uWebSockets.js/dist/index.js') as object;
    expect(() => assertNativeUws(fallback)).toThrow(expect.objectContaining({ code: 'PRV_ERR_HTTP_UWS_FALLBACK' }));
  });
});
