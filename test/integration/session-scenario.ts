/**
 * The foundation scenario, run against each pair of backends: a CPE boots, Informs, gets a queued
 * GetParameterValues in its next session, answers it; the test reads everything back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deviceIdOf } from '../../src/session/device-id.js';
import { TestCpe } from '../support/test-cpe.js';
import { startTestProvisio, type TestProvisio } from '../support/provisio.js';
import type { ConfigInput } from '../../src/config/config.js';

export interface ScenarioOptions {
  config: () => ConfigInput;
  /** Counts session keys left in the hot store for the device, by the backend's own means. */
  sessionKeysLeft?: (deviceId: string) => Promise<number>;
}

export function defineSessionScenario(options: ScenarioOptions): void {
  let acs: TestProvisio;
  let cpe: TestCpe;
  const serial = `SN${Date.now()}`;
  const identity = { Manufacturer: 'Provisio Test Devices', OUI: '00D09E', ProductClass: 'HGW-1', SerialNumber: serial };
  const deviceId = deviceIdOf(identity);
  let taskId = '';

  beforeAll(async () => {
    acs = await startTestProvisio(options.config());
    cpe = new TestCpe({ url: acs.cwmpUrl, deviceId: identity });
  });

  afterAll(async () => {
    cpe?.close();
    await acs?.stop();
  });

  it('answers the boot Inform and ends the session with 204 when nothing is queued', async () => {
    const t = await cpe.runSession(['0 BOOTSTRAP', '1 BOOT']);
    expect(t.received.map((r) => r.message?.kind ?? r.status)).toEqual(['InformResponse', 204]);
  });

  it('lists the device with its identity and last inform time', async () => {
    const { status, json } = await acs.nbi('GET', '/devices');
    expect(status).toBe(200);
    const device = json.devices.find((d: { id: string }) => d.id === deviceId);
    expect(device).toMatchObject({ oui: '00D09E', productClass: 'HGW-1', serialNumber: serial, softwareVersion: '1.2.3', lastEvents: ['0 BOOTSTRAP', '1 BOOT'] });
    expect(Date.now() - Date.parse(device.lastInform)).toBeLessThan(60_000);
  });

  it('queues a getParameterValues task as pending', async () => {
    const names = ['Device.WiFi.SSID.1.SSID', 'Device.DeviceInfo.UpTime'];
    const created = await acs.nbi('POST', `/devices/${encodeURIComponent(deviceId)}/tasks`, { name: 'getParameterValues', parameterNames: names });
    expect(created.status).toBe(202);
    taskId = created.json.id;
    const read = await acs.nbi('GET', `/devices/${encodeURIComponent(deviceId)}/tasks/${taskId}`);
    expect(read.json).toMatchObject({ status: 'pending', args: { parameterNames: names } });
  });

  it('sends the queued GetParameterValues in the next session and then ends it', async () => {
    const t = await cpe.runSession(['2 PERIODIC']);
    expect(t.requests).toEqual(['GetParameterValues']);
    expect(t.received.at(-1)).toEqual({ status: 204 });
  });

  it('shows the task done with the values the CPE returned', async () => {
    const read = await acs.nbi('GET', `/devices/${encodeURIComponent(deviceId)}/tasks/${taskId}`);
    expect(read.json.status).toBe('done');
    expect(read.json.result.parameterValues).toEqual([
      { name: 'Device.WiFi.SSID.1.SSID', value: `net-${serial}`, type: 'string' },
      { name: 'Device.DeviceInfo.UpTime', value: '3600', type: 'unsignedInt' },
    ]);
  });

  it('writes one row per session and one per parameter value into ClickHouse', async () => {
    await acs.provisio.writer.flush();
    const ch = acs.provisio.clickhouse;
    const db = acs.config.clickhouse.database;
    const sessions = await ch.query<{ events: string[] }>(`SELECT events FROM ${db}.sessions WHERE device_id = '${deviceId}' ORDER BY time, events`);
    expect(sessions.map((s) => s.events).sort()).toEqual([['0 BOOTSTRAP', '1 BOOT'], ['2 PERIODIC']]);
    const values = await ch.query<{ source: string; path: string; value: string }>(
      `SELECT source, path, value FROM ${db}.parameter_values WHERE device_id = '${deviceId}' ORDER BY source, path`,
    );
    expect(values.filter((v) => v.source === 'inform')).toHaveLength(12);
    expect(values.filter((v) => v.source === 'gpv')).toEqual([
      { source: 'gpv', path: 'Device.DeviceInfo.UpTime', value: '3600' },
      { source: 'gpv', path: 'Device.WiFi.SSID.1.SSID', value: `net-${serial}` },
    ]);
  });

  it('leaves no session in the store once the session ended', async () => {
    const sessionId = cpe.lastSessionCookie?.split('.').at(-1);
    expect(sessionId).toMatch(/^[0-9a-f]{32}$/);
    expect(await acs.provisio.store.sessionExists(deviceId, sessionId!)).toBe(false);
    if (options.sessionKeysLeft) expect(await options.sessionKeysLeft(deviceId)).toBe(0);
  });
}
