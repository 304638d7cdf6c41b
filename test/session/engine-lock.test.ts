import { describe, expect, it } from 'vitest';
import { encodeEnvelope } from '../../src/codec/encode.js';
import { silentLogger } from '../../src/log.js';
import { createSessionEngine } from '../../src/session/engine.js';
import { openLocalStore } from '../../src/store/local/local-store.js';
import type { SessionStore } from '../../src/store/session-store.js';

const inform = encodeEnvelope(
  {
    kind: 'Inform',
    DeviceId: { Manufacturer: 'M', OUI: '00D09E', ProductClass: 'HGW', SerialNumber: 'LOCK1' },
    Event: [{ EventCode: '2 PERIODIC', CommandKey: '' }],
    MaxEnvelopes: 1,
    CurrentTime: '2026-11-25T10:00:00Z',
    RetryCount: 0,
    ParameterList: [],
  },
  { namespace: 'urn:dslforum-org:cwmp-1-2', header: { id: '1' } },
);

describe('the session engine after a failed request', () => {
  it('gives the device lock back, so the retried Inform is served at once', async () => {
    const local = await openLocalStore();
    let failNextSave = true;
    // The real local store, with one save failing as a store can mid-request.
    const store: SessionStore = Object.assign(Object.create(local) as SessionStore, {
      saveSession: (...args: Parameters<SessionStore['saveSession']>) => {
        if (failNextSave) {
          failNextSave = false;
          return Promise.reject(new Error('save failed'));
        }
        return local.saveSession(...args);
      },
    });
    const engine = createSessionEngine({ store, nodeName: 'n', sessionTimeoutMs: 30_000, lockTtlMs: 60_000, taskResultTtlMs: 60_000, retryAfterS: 1, log: silentLogger });
    const request = () => ({ body: new Uint8Array(inform), cookie: undefined, remoteAddress: '127.0.0.1', receivedMs: Date.now() });
    expect((await engine.handle(request())).status).toBe(500);
    expect((await engine.handle(request())).status).toBe(200);
    await local.close();
  });
});
