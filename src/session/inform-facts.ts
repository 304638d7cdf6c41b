/**
 * What an Inform tells Provisio about a device: the device record kept in the hot store and the
 * rows that go to ClickHouse.
 */
import type { Inform, ParameterValueStruct } from '../codec/messages.js';
import type { ParameterValueRow, SessionRow } from '../store/clickhouse/rows.js';
import type { DeviceRecord } from '../store/session-store.js';

/** Looks up a parameter of the Inform by the end of its path, for TR-098 and TR-181 roots alike. */
function valueEndingWith(params: readonly ParameterValueStruct[], suffix: string): string | undefined {
  for (const p of params) if (p.Name.endsWith(suffix)) return p.Value;
  return undefined;
}

export function deviceRecordOf(inform: Inform, deviceId: string, nowMs: number, remoteAddress: string): DeviceRecord {
  const params = inform.ParameterList;
  const record: DeviceRecord = {
    id: deviceId,
    manufacturer: inform.DeviceId.Manufacturer,
    oui: inform.DeviceId.OUI,
    productClass: inform.DeviceId.ProductClass,
    serialNumber: inform.DeviceId.SerialNumber,
    firstSeenMs: nowMs,
    lastInformMs: nowMs,
    lastEvents: inform.Event.map((e) => e.EventCode),
    remoteAddress,
  };
  const software = valueEndingWith(params, '.DeviceInfo.SoftwareVersion');
  const hardware = valueEndingWith(params, '.DeviceInfo.HardwareVersion');
  const connectionRequestUrl = valueEndingWith(params, '.ManagementServer.ConnectionRequestURL');
  if (software !== undefined) record.softwareVersion = software;
  if (hardware !== undefined) record.hardwareVersion = hardware;
  if (connectionRequestUrl !== undefined) record.connectionRequestUrl = connectionRequestUrl;
  return record;
}

export function sessionRowOf(device: DeviceRecord, sessionId: string, node: string): SessionRow {
  return {
    timeMs: device.lastInformMs,
    sessionId,
    deviceId: device.id,
    oui: device.oui,
    productClass: device.productClass,
    serialNumber: device.serialNumber,
    softwareVersion: device.softwareVersion ?? '',
    events: device.lastEvents,
    remoteAddress: device.remoteAddress ?? '',
    node,
  };
}

export function parameterRowsOf(
  params: readonly ParameterValueStruct[],
  source: ParameterValueRow['source'],
  deviceId: string,
  sessionId: string,
  timeMs: number,
): ParameterValueRow[] {
  return params.map((p) => ({ timeMs, deviceId, sessionId, source, path: p.Name, value: p.Value, type: p.type ?? '' }));
}
