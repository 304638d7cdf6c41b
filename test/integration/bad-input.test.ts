/** Hostile and broken requests: each gets a clear answer and the node keeps serving sessions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { TestCpe } from '../support/test-cpe.js';
import { startTestProvisio, uniqueName, type TestProvisio } from '../support/provisio.js';

const identity = { Manufacturer: 'Provisio Test Devices', OUI: '00D09E', ProductClass: 'HGW-1', SerialNumber: 'BAD0001' };

describe('bad input on the CWMP endpoint', () => {
  let acs: TestProvisio;
  let cpe: TestCpe;

  beforeAll(async () => {
    acs = await startTestProvisio({
      cwmp: { maxBodyBytes: 4096 },
      redis: { url: inject('redisUrl'), keyPrefix: `${uniqueName('prv')}:` },
      clickhouse: { url: inject('clickhouseUrl'), database: uniqueName('provisio') },
    });
    cpe = new TestCpe({ url: acs.cwmpUrl, deviceId: identity });
  });

  afterAll(async () => {
    cpe?.close();
    await acs?.stop();
  });

  it('answers 413 to a body over the limit', async () => {
    const res = await new TestCpe({ url: acs.cwmpUrl, deviceId: identity }).post('x'.repeat(5000));
    expect(res.status).toBe(413);
    expect(res.headers['x-provisio-error']).toBe('PRV_ERR_HTTP_BODY_TOO_LARGE');
  });

  it('answers 413 to a chunked body once it passes the limit', async () => {
    const res = await new TestCpe({ url: acs.cwmpUrl, deviceId: identity }).post('<'.repeat(5000), { 'Transfer-Encoding': 'chunked' });
    expect(res.status).toBe(413);
  });

  it('answers 400 to a body that is not XML', async () => {
    const res = await cpe.post('this is not xml at all <<<');
    expect(res.status).toBe(400);
    expect(res.headers['x-provisio-error']).toBe('PRV_ERR_CODEC_XML_MALFORMED');
  });

  it('answers 400 to XML that is not a CWMP envelope', async () => {
    const res = await cpe.post('<?xml version="1.0"?><html><body>hello</body></html>');
    expect(res.status).toBe(400);
    expect(res.headers['x-provisio-error']).toBe('PRV_ERR_CODEC_NOT_CWMP');
  });

  it('answers 400 to an empty POST outside a session', async () => {
    const res = await new TestCpe({ url: acs.cwmpUrl, deviceId: identity }).post(null);
    expect(res.status).toBe(400);
    expect(res.headers['x-provisio-error']).toBe('PRV_ERR_SESSION_NO_SESSION');
  });

  it('answers 400 to a forged session cookie', async () => {
    const res = await new TestCpe({ url: acs.cwmpUrl, deviceId: identity }).post(null, { Cookie: `provisio_session=00D09E-HGW%2D1-BAD0001.${'0'.repeat(32)}` });
    expect(res.status).toBe(400);
  });

  it('answers a method it does not serve with CWMP fault 8000 inside the session', async () => {
    await cpe.post(cpe.informBody(['2 PERIODIC']));
    const unknown = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2"><soap:Header><cwmp:ID soap:mustUnderstand="1">7</cwmp:ID></soap:Header><soap:Body><cwmp:X_ACME_Frobnicate/></soap:Body></soap:Envelope>';
    const res = await cpe.post(unknown);
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain('8000');
    expect((await cpe.post(null)).status).toBe(204);
  });

  it('still serves a whole session after all of that', async () => {
    const t = await cpe.runSession(['2 PERIODIC']);
    expect(t.received.map((r) => r.message?.kind ?? r.status)).toEqual(['InformResponse', 204]);
  });

  it('refuses the northbound API without the bearer token', async () => {
    const res = await acs.nbi('GET', '/devices', undefined, null);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('PRV_ERR_NBI_UNAUTHORIZED');
    expect((await acs.nbi('GET', '/devices', undefined, 'wrong-token')).status).toBe(401);
  });

  it('refuses a task with an unknown name or bad parameter paths', async () => {
    await cpe.runSession();
    const path = `/devices/${encodeURIComponent('00D09E-HGW%2D1-BAD0001')}/tasks`;
    const device = (await acs.nbi('GET', '/devices')).json.devices[0].id as string;
    const devicePath = `/devices/${encodeURIComponent(device)}/tasks`;
    expect((await acs.nbi('POST', devicePath, { name: 'reboot' })).status).toBe(400);
    expect((await acs.nbi('POST', devicePath, { name: 'getParameterValues', parameterNames: ['a b'] })).status).toBe(400);
    expect((await acs.nbi('POST', devicePath, 'not json')).status).toBe(400);
    expect((await acs.nbi('POST', path.replace('BAD0001', 'NOPE'), { name: 'getParameterValues', parameterNames: ['Device.'] })).status).toBe(404);
  });
});
