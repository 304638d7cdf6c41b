/**
 * Reaching the embedded store from Piscina worker threads.
 *
 * The store lives in the main thread. Piscina creates the workers, so there is no port to hand
 * each of them; a named BroadcastChannel is the rendezvous instead: workers post requests on
 * `<name>`, the main thread answers each on `<name>:reply:<client>`, a channel only that client
 * listens on (so replies are not broadcast to every worker). Values cross by structured clone, so
 * Uint8Array state arrives as bytes; errors cross as plain data and are rebuilt on arrival.
 */
import { BroadcastChannel, threadId } from 'node:worker_threads';
import { StoreUnavailableError, type SessionStore } from '../session-store.js';

/** The store calls a worker may make; close is deliberately absent (a worker must not close the main thread's store). */
const METHODS = ['openSession', 'loadSession', 'saveSession', 'releaseLock', 'sessionExists', 'enqueueTask', 'getTask', 'getDevice', 'listDevices', 'ping'] as const;
type Method = (typeof METHODS)[number];
const KNOWN = new Set<string>(METHODS);

interface Request {
  id: number;
  /** Client id: its replies go to `<name>:reply:<replyTo>`. */
  replyTo: string;
  method: Method;
  args: unknown[];
}

/** Sent when a client closes, so that the server drops its reply channel. */
interface Goodbye {
  bye: string;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; message: string } };

/** Reply channels kept open by the server; past this the least recently opened is closed (a recycled worker never says goodbye). */
const MAX_REPLY_CHANNELS = 256;

const replyChannelName = (name: string, client: string): string => `${name}:reply:${client}`;

/**
 * Serves `store` to other threads on the BroadcastChannel `channelName` (main thread). Closing
 * the server stops answering; it does not close the store.
 */
export function serveStore(store: SessionStore, channelName: string): { close(): void } {
  const requests = new BroadcastChannel(channelName);
  requests.unref();
  const replyChannels = new Map<string, BroadcastChannel>();
  let closed = false;

  function replyChannel(client: string): BroadcastChannel {
    let channel = replyChannels.get(client);
    if (channel === undefined) {
      channel = new BroadcastChannel(replyChannelName(channelName, client));
      channel.unref();
      replyChannels.set(client, channel);
      if (replyChannels.size > MAX_REPLY_CHANNELS) {
        const [oldest, oldChannel] = replyChannels.entries().next().value as [string, BroadcastChannel];
        oldChannel.close();
        replyChannels.delete(oldest);
      }
    }
    return channel;
  }

  function answer(request: Request, reply: Reply): void {
    if (!closed) replyChannel(request.replyTo).postMessage(reply);
  }

  requests.onmessage = (event: MessageEvent) => {
    const data = event.data as Request | Goodbye;
    if ('bye' in data) {
      replyChannels.get(data.bye)?.close();
      replyChannels.delete(data.bye);
      return;
    }
    const request = data;
    if (!KNOWN.has(request.method)) {
      answer(request, { id: request.id, ok: false, error: { name: 'Error', message: `the store bridge has no method ${String(request.method)}` } });
      return;
    }
    let call: Promise<unknown>;
    try {
      call = (store[request.method] as (...args: unknown[]) => Promise<unknown>).apply(store, request.args);
    } catch (err) {
      call = Promise.reject(err);
    }
    call.then(
      (value) => answer(request, { id: request.id, ok: true, value }),
      (err: unknown) => {
        const error = err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) };
        answer(request, { id: request.id, ok: false, error });
      },
    );
  };

  return {
    close(): void {
      closed = true;
      requests.close();
      for (const channel of replyChannels.values()) channel.close();
      replyChannels.clear();
    },
  };
}

/** Options of {@link connectStore}. */
export interface ConnectStoreOptions {
  /** How long a call waits for the main thread before it fails with StoreUnavailableError (default 5000). */
  timeoutMs?: number;
}

let clientCounter = 0;

function rebuildError(error: { name: string; message: string }): Error {
  if (error.name === 'StoreUnavailableError') return new StoreUnavailableError(error.message);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * A {@link SessionStore} whose calls are served by {@link serveStore} on `channelName`, in another
 * thread (or this one). `close()` only detaches this client; calls still waiting reject.
 */
export function connectStore(channelName: string, options: ConnectStoreOptions = {}): SessionStore {
  const timeoutMs = options.timeoutMs ?? 5_000;
  // Thread id plus a counter: two clients in one thread must not read each other's replies.
  const client = `${threadId}.${++clientCounter}`;
  const requests = new BroadcastChannel(channelName);
  const replies = new BroadcastChannel(replyChannelName(channelName, client));
  // Unref'd channels never keep a thread alive; a call in flight is kept alive by its timer.
  requests.unref();
  replies.unref();
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let closed = false;

  replies.onmessage = (event: MessageEvent) => {
    const reply = event.data as Reply;
    const waiting = pending.get(reply.id);
    if (waiting === undefined) return; // timed out already
    pending.delete(reply.id);
    clearTimeout(waiting.timer);
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(rebuildError(reply.error));
  };

  function call<T>(method: Method, args: unknown[]): Promise<T> {
    if (closed) return Promise.reject(new StoreUnavailableError(`the store client on ${channelName} is closed`));
    const id = ++nextId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new StoreUnavailableError(`the local session store did not answer ${method} within ${timeoutMs} ms on channel ${channelName} (main thread busy or shut down)`));
      }, timeoutMs);
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      const request: Request = { id, replyTo: client, method, args };
      requests.postMessage(request);
    });
  }

  return {
    description: `local (via channel ${channelName})`,
    openSession: (...args) => call('openSession', args),
    loadSession: (...args) => call('loadSession', args),
    saveSession: (...args) => call('saveSession', args),
    releaseLock: (...args) => call('releaseLock', args),
    sessionExists: (...args) => call('sessionExists', args),
    enqueueTask: (...args) => call('enqueueTask', args),
    getTask: (...args) => call('getTask', args),
    getDevice: (...args) => call('getDevice', args),
    listDevices: (...args) => call('listDevices', args),
    ping: () => call('ping', []),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const goodbye: Goodbye = { bye: client };
      requests.postMessage(goodbye);
      for (const waiting of pending.values()) {
        clearTimeout(waiting.timer);
        waiting.reject(new StoreUnavailableError(`the store client on ${channelName} was closed before ${channelName} answered`));
      }
      pending.clear();
      requests.close();
      replies.close();
    },
  };
}
