/**
 * The session cookie: `<deviceId>.<128-bit random hex>`. Carrying the device id lets every node
 * find the session's keys (sharded by device) without a lookup; the random part makes the cookie
 * unguessable, and the store only accepts it for the device that opened the session.
 */
import { randomBytes } from 'node:crypto';
import { isDeviceId } from './device-id.js';

export const SESSION_COOKIE = 'provisio_session';

export interface SessionRef {
  deviceId: string;
  sessionId: string;
}

export function newSessionId(): string {
  return randomBytes(16).toString('hex');
}

export function formatSessionCookie(ref: SessionRef): string {
  return `${SESSION_COOKIE}=${ref.deviceId}.${ref.sessionId}; Path=/; HttpOnly`;
}

export const CLEAR_SESSION_COOKIE = `${SESSION_COOKIE}=; Path=/; Max-Age=0`;

const SESSION_ID = /^[0-9a-f]{32}$/;

/** Finds our cookie in a Cookie header; undefined when absent or not one we could have issued. */
export function parseSessionCookie(header: string | undefined): SessionRef | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(eq + 1).trim();
    const dot = value.lastIndexOf('.');
    const deviceId = value.slice(0, dot);
    const sessionId = value.slice(dot + 1);
    if (dot > 0 && SESSION_ID.test(sessionId) && isDeviceId(deviceId)) return { deviceId, sessionId };
  }
  return undefined;
}
