/**
 * The session engine's rules at the edges: answers matched to the RPC in flight, tasks that the CPE
 * will not answer, bad arguments and bad identities answered in CWMP, and the drain at shutdown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { decodeEnvelope } from '../../src/codec/decode.js';
import { encodeEnvelope } from '../../src/codec/encode.js';
import { deviceIdOf } from '../../src/session/device-id.js';
import { startTestProvisio, uniqueName, type TestProvisio } from '../support/provisio.js';
import { TestCpe } from '../support/test-cpe.js';

const NS = 'urn:dslforum-org:cwmp-1-2';
const backends = () => ({
  redis: { url: inject('redisUrl'), keyPrefix: `${uniqueName('prv')}:` },
  clickhouse: { url: inject('clickhouseUrl'), database: uniqueName('provisio') },
});

function identity(serial: string) {
  return { Manufacturer: 'Provisio Test Devices', OUI: '00D09E', ProductClass: 'HGW-1', SerialNumber: serial };
}

describe('session rules', () => {
  let acs: TestProvisio;
  beforeAll(async () => {
    acs = await startTestProvisio(backends());
  });
  afterAll(() => acs?.stop());

  async function queueTask(cpe: TestCpe, names: string[]): Promise<string> {
    const id = encodeURIComponent(deviceIdOf(cpe.options.deviceId));
    const res = await acs.nbi('POST', `/devices/${id}/tasks`, { name: 'getParameterValues', parameterNames: names });
    expect(res.status).toBe(202);
    return res.json.id as string;
  }

  async function task(cpe: TestCpe, taskId: string) {
    return (await acs.nbi('GET', `/devices/${encodeURIComponent(deviceIdOf(cpe.options.deviceId))}/tasks/${taskId}`)).json;
  }

  /** Inform and empty POST; returns the decoded GetParameterValues the ACS sent. */
  async function untilRpc(cpe: TestCpe) {
    expect((await cpe.post(cpe.informBody(['2 PERIODIC']))).status).toBe(200);
    const rpc = await cpe.post(null);
    const decoded = decodeEnvelope(rpc.body);
    if (!decoded.ok || decoded.envelope.message.kind !== 'GetParameterValues') throw new Error(`expected GetParameterValues, got ${rpc.status}`);
    return decoded.envelope;
  }

  it('does not complete a task with a response carrying another cwmp:ID', async () => {
    const cpe = new TestCpe({ url: acs.cwmpUrl, deviceId: identity('RULES1') });
    await cpe.runSession(['1 BOOT']);
    const taskId = await queueTask(cpe, ['Device.WiFi.SSID.1.SSID']);
    await untilRpc(cpe);
    const stray = encodeEnvelope({ kind: 'GetParameterValuesResponse', ParameterList: [{ Name: 'Device.WiFi.SSID.1.SSID', Value: 'forged' }] }, { namespace: NS, header: { id: 'not-the-rpc' } });
    const resent = decodeEnvelope((await cpe.post(stray)).body);
    expect(resent.ok && resent.envelope.message.kind).toBe('GetParameterValues');
    expect((await task(cpe, taskId)).status).toBe('pending');
    const header = resent.ok ? resent.envelope.header.id : undefined;
    expect((await cpe.post(cpe.answerGetParameterValues(['Device.WiFi.SSID.1.SSID'], header))).status).toBe(204);
    expect((await task(cpe, taskId)).result.parameterValues[0].value).toBe('net-RULES1');
    cpe.close();
  });

  it('records a fault on a task the CPE answers with an empty POST, and does not ask again', async () => {
    const cpe = new TestCpe({ url: acs.cwmpUrl, deviceId: identity('RULES2') });
    await cpe.runSession(['1 BOOT']);
    const taskId = await queueTask(cpe, ['Device.WiFi.SSID.1.SSID']);
    await untilRpc(cpe);
    expect((await cpe.post(null)).status).toBe(204);
    expect(await task(cpe, taskId)).toMatchObject({ status: 'fault', fault: { code: 8002 } });
    cpe.close();
  });

  it('records the CPE fault on the task', async () => {
    const cpe = new TestCpe({ url: acs.cwmpUrl, deviceId: identity('RULES3') });
    await cpe.runSession(['1 BOOT']);
    const taskId = await queueTask(cpe, ['Device.NoSuch.Thing']);
    expect((await cpe.runSession()).requests).toEqual(['GetParameterValues']);
    expect(await task(cpe, taskId)).toMatchObject({ status: 'fault', fault: { code: 9005 } });
    cpe.close();
  });

  it('answers bad arguments with SOAP fault 8003 in HTTP 200', async () => {
    const cpe = new TestCpe({ url: acs.cwmpUrl, deviceId: identity('RULES4') });
    const body = cpe.informBody(['2 PERIODIC']).toString().replace(/<RetryCount>0<\/RetryCount>/, '<RetryCount>x</RetryCount>');
    expect(body).toContain('<RetryCount>x</RetryCount>');
    const res = await cpe.post(body);
    const decoded = decodeEnvelope(res.body);
    expect(res.status).toBe(200);
    expect(decoded.ok && decoded.envelope.message).toMatchObject({ kind: 'Fault', FaultCode: 8003 });
    cpe.close();
  });

  it('refuses an Inform whose DeviceId cannot name a device with fault 8003', async () => {
    const cpe = new TestCpe({ url: acs.cwmpUrl, deviceId: identity('') });
    const res = await cpe.post(cpe.informBody(['1 BOOT']));
    expect(res.headers['x-provisio-error']).toBe('PRV_ERR_SESSION_DEVICE_ID_INVALID');
    const decoded = decodeEnvelope(res.body);
    expect(decoded.ok && decoded.envelope.message).toMatchObject({ kind: 'Fault', FaultCode: 8003 });
    expect(res.headers['set-cookie']).toBeUndefined();
    cpe.close();
  });

  it('tells a CPE that offers versions which one the session uses', async () => {
    const cpe = new TestCpe({ url: acs.cwmpUrl, deviceId: identity('RULES7'), namespace: 'urn:dslforum-org:cwmp-1-2' });
    const res = await cpe.post(cpe.informBody(['2 PERIODIC'], { supportedCwmpVersions: '1.0,1.2,1.4' }));
    const decoded = decodeEnvelope(res.body);
    expect(decoded.ok && decoded.envelope.message.kind).toBe('InformResponse');
    expect(decoded.ok && decoded.envelope.header.useCwmpVersion).toBe('1.4');
    expect((await cpe.post(null)).status).toBe(204);
    cpe.close();
  });

  it('answers fault 8006 when none of the offered versions fits', async () => {
    const cpe = new TestCpe({ url: acs.cwmpUrl, deviceId: identity('RULES8') });
    const res = await cpe.post(cpe.informBody(['2 PERIODIC'], { supportedCwmpVersions: '2.0' }));
    const decoded = decodeEnvelope(res.body);
    expect(decoded.ok && decoded.envelope.message).toMatchObject({ kind: 'Fault', FaultCode: 8006 });
    cpe.close();
  });

  it('ends a session with a 204 that carries no Content-Length', async () => {
    const cpe = new TestCpe({ url: acs.cwmpUrl, deviceId: identity('RULES6') });
    await cpe.post(cpe.informBody(['2 PERIODIC']));
    const end = await cpe.post(null);
    expect(end.status).toBe(204);
    expect(end.headers['content-length']).toBeUndefined();
    cpe.close();
  });
});

describe('the drain at shutdown', () => {
  it('finishes a running session, turns new sessions away with 503, then stops', async () => {
    const acs = await startTestProvisio({ ...backends(), shutdownGraceMs: 10_000 });
    const running = new TestCpe({ url: acs.cwmpUrl, deviceId: identity('DRAIN1') });
    const newcomer = new TestCpe({ url: acs.cwmpUrl, deviceId: identity('DRAIN2') });
    expect((await running.post(running.informBody(['2 PERIODIC']))).status).toBe(200);
    await newcomer.post(null); // opens the newcomer's keep-alive connection before the drain
    const stopped = acs.stop();
    const refused = await newcomer.post(newcomer.informBody(['2 PERIODIC']));
    expect(refused.status).toBe(503);
    expect(refused.headers['x-provisio-error']).toBe('PRV_ERR_HTTP_SHUTTING_DOWN');
    expect((await running.post(null)).status).toBe(204);
    running.close();
    newcomer.close();
    await stopped;
  });
});
