/**
 * Task requests of the northbound API: validation of what an operator may queue for a device.
 */
import { randomBytes } from 'node:crypto';
import type { TaskRecord } from '../store/session-store.js';

export const MAX_PARAMETER_NAMES = 1000;
const MAX_NAME_LENGTH = 256;
// Partial paths end with a dot; instance numbers and vendor names are plain path segments.
const PARAMETER_PATH = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*\.?$/;

export type TaskRequestResult = { ok: true; task: TaskRecord } | { ok: false; detail: string };

/** Turns a JSON body into a pending task, or says what is wrong with it. */
export function taskFromRequest(deviceId: string, body: unknown, nowMs: number): TaskRequestResult {
  if (body === null || typeof body !== 'object') return { ok: false, detail: 'body must be a JSON object' };
  const { name, parameterNames } = body as Record<string, unknown>;
  if (name !== 'getParameterValues') return { ok: false, detail: `unknown task name ${JSON.stringify(name)}; supported: getParameterValues` };
  if (!Array.isArray(parameterNames) || parameterNames.length === 0 || parameterNames.length > MAX_PARAMETER_NAMES) {
    return { ok: false, detail: `parameterNames must be an array of 1 to ${MAX_PARAMETER_NAMES} parameter paths` };
  }
  for (const p of parameterNames) {
    if (typeof p !== 'string' || p.length > MAX_NAME_LENGTH || !PARAMETER_PATH.test(p)) {
      return { ok: false, detail: `not a parameter path: ${JSON.stringify(p)}` };
    }
  }
  const task: TaskRecord = {
    id: randomBytes(12).toString('hex'),
    deviceId,
    name: 'getParameterValues',
    args: { parameterNames: parameterNames as string[] },
    status: 'pending',
    createdMs: nowMs,
  };
  return { ok: true, task };
}
