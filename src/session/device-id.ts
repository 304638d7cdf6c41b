/**
 * Device identifiers: `OUI-ProductClass-SerialNumber`, each part percent-escaped so that the id is
 * safe in URLs, Redis hash tags (`{…}`) and ClickHouse keys, and the split is unambiguous.
 */
import type { DeviceIdStruct } from '../codec/messages.js';

const HEX = '0123456789ABCDEF';
const encoder = new TextEncoder();

/** Keeps letters, digits, `_` and `.`; escapes every other UTF-8 byte as %XX. */
function escapePart(part: string): string {
  if (/^[A-Za-z0-9_.]*$/.test(part)) return part;
  let out = '';
  for (const byte of encoder.encode(part)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.]/.test(c) ? c : `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

export function deviceIdOf(id: Pick<DeviceIdStruct, 'OUI' | 'ProductClass' | 'SerialNumber'>): string {
  return `${escapePart(id.OUI)}-${escapePart(id.ProductClass)}-${escapePart(id.SerialNumber)}`;
}

const DEVICE_ID = /^[A-Za-z0-9_.%]*-[A-Za-z0-9_.%]*-[A-Za-z0-9_.%]+$/;

/** True for strings {@link deviceIdOf} can produce; everything else is refused before a store sees it. */
export function isDeviceId(value: string): boolean {
  return value.length <= 512 && DEVICE_ID.test(value);
}
