/**
 * Worker thread of local-bridge.test.ts: reaches the store served by the test's thread, as a
 * Piscina worker does in production, and reports what it saw as plain data. It never closes its
 * client, so the worker exits only if the bridge's channels let it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connectStore } from '../../src/store/local/bridge.js';

const { channel, deviceId } = workerData as { channel: string; deviceId: string };
const store = connectStore(channel, { timeoutMs: 5_000 });
const update = { sessionTtlMs: 60_000, taskResultTtlMs: 60_000 };
const everyByte = new Uint8Array(256).map((_, i) => i);

const opened = await store.openSession(deviceId, 'w1', 60_000, 60_000);
const saved = await store.saveSession(deviceId, 'w1', { ...update, state: everyByte });
const loaded = await store.loadSession(deviceId, 'w1', 60_000);
const second = await store.loadSession(deviceId, 'w1', 60_000);
const error = await store.enqueueTask({ id: 'dup', deviceId, name: 'getParameterValues', args: { parameterNames: [] }, status: 'pending', createdMs: 1 })
  .then(() => store.enqueueTask({ id: 'dup', deviceId, name: 'getParameterValues', args: { parameterNames: [] }, status: 'pending', createdMs: 1 }))
  .then(() => undefined, (err: Error) => ({ name: err.name, message: err.message }));

parentPort!.postMessage({
  opened,
  saved,
  loadedOk: loaded.ok,
  stateIsUint8Array: loaded.ok && loaded.state instanceof Uint8Array,
  state: loaded.ok ? Array.from(loaded.state) : [],
  second,
  error,
});
