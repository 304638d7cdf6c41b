/**
 * Row encoders called by worker threads: typed rows in, TabSeparated text out, in the column
 * order of ops/clickhouse/schema.sql. The ingest writer on the main thread only concatenates it.
 */
import type { IngestRows } from './ingest-sink.js';
import { tsvDateTime, tsvString, tsvStringArray } from './tsv.js';

/** One CWMP session, recorded at its Inform (table `sessions`). */
export interface SessionRow {
  timeMs: number;
  sessionId: string;
  deviceId: string;
  oui: string;
  productClass: string;
  serialNumber: string;
  softwareVersion: string;
  events: string[];
  remoteAddress: string;
  node: string;
}

/** One parameter value seen in an Inform or a GetParameterValuesResponse (table `parameter_values`). */
export interface ParameterValueRow {
  timeMs: number;
  deviceId: string;
  sessionId: string;
  source: 'inform' | 'gpv';
  path: string;
  value: string;
  type: string;
}

/** Encodes session rows as TabSeparated lines for the `sessions` table. */
export function encodeSessionRows(rows: readonly SessionRow[]): IngestRows {
  let tsv = '';
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    tsv +=
      tsvDateTime(r.timeMs) +
      '\t' +
      tsvString(r.sessionId) +
      '\t' +
      tsvString(r.deviceId) +
      '\t' +
      tsvString(r.oui) +
      '\t' +
      tsvString(r.productClass) +
      '\t' +
      tsvString(r.serialNumber) +
      '\t' +
      tsvString(r.softwareVersion) +
      '\t' +
      tsvStringArray(r.events) +
      '\t' +
      tsvString(r.remoteAddress) +
      '\t' +
      tsvString(r.node) +
      '\n';
  }
  return { table: 'sessions', tsv, rows: rows.length };
}

/**
 * Encodes parameter value rows as TabSeparated lines for the `parameter_values` table.
 * The rows of one call usually share time, device, session and source (one Inform or one
 * GetParameterValuesResponse), so those four leading columns are encoded once and reused.
 */
export function encodeParameterValueRows(rows: readonly ParameterValueRow[]): IngestRows {
  let tsv = '';
  let prefix = '';
  let timeMs = NaN;
  let deviceId = '';
  let sessionId = '';
  let source = '';
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    // timeMs starts as NaN, which equals nothing, so the first row always builds the prefix.
    if (r.timeMs !== timeMs || r.deviceId !== deviceId || r.sessionId !== sessionId || r.source !== source) {
      timeMs = r.timeMs;
      deviceId = r.deviceId;
      sessionId = r.sessionId;
      source = r.source;
      prefix = tsvDateTime(timeMs) + '\t' + tsvString(deviceId) + '\t' + tsvString(sessionId) + '\t' + tsvString(source) + '\t';
    }
    tsv += prefix + tsvString(r.path) + '\t' + tsvString(r.value) + '\t' + tsvString(r.type) + '\n';
  }
  return { table: 'parameter_values', tsv, rows: rows.length };
}
