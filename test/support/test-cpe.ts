/**
 * A scriptable test CPE: speaks CWMP over real HTTP (keep-alive, cookies) with Provisio's codec,
 * answers GetParameterValues from its own parameter table, and records every exchange.
 */
import { Agent, request as httpRequest } from 'node:http';
import { decodeEnvelope } from '../../src/codec/decode.js';
import { encodeEnvelope } from '../../src/codec/encode.js';
import type { CwmpHeader, CwmpMessage, CwmpNamespace, DeviceIdStruct, ParameterValueStruct } from '../../src/codec/messages.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface TestCpeOptions {
  /** The ACS URL, e.g. `http://127.0.0.1:7547/`. */
  url: string;
  deviceId: DeviceIdStruct;
  /** The CPE's data model: path → value (and xsd type, `string` when absent). */
  parameters?: Record<string, { value: string; type?: string }>;
  /** Parameters sent in every Inform. */
  informParameters?: string[];
  namespace?: CwmpNamespace;
  agent?: Agent;
}

export interface SessionTranscript {
  /** What the ACS answered, in order: the decoded message, or the HTTP status when it had no body. */
  received: Array<{ status: number; message?: CwmpMessage }>;
  /** Methods the ACS asked of the CPE after the Inform. */
  requests: string[];
}

export function deviceParameters(serial: string): Record<string, { value: string; type?: string }> {
  return {
    'Device.DeviceInfo.Manufacturer': { value: 'Provisio Test Devices' },
    'Device.DeviceInfo.SoftwareVersion': { value: '1.2.3' },
    'Device.DeviceInfo.HardwareVersion': { value: 'rev-A' },
    'Device.DeviceInfo.SerialNumber': { value: serial },
    'Device.DeviceInfo.UpTime': { value: '3600', type: 'unsignedInt' },
    'Device.ManagementServer.ConnectionRequestURL': { value: `http://192.0.2.10:7547/${serial}` },
    'Device.ManagementServer.PeriodicInformInterval': { value: '300', type: 'unsignedInt' },
    'Device.WiFi.SSID.1.SSID': { value: `net-${serial}` },
  };
}

export class TestCpe {
  readonly options: Required<Omit<TestCpeOptions, 'agent'>> & { agent: Agent };
  cookie: string | undefined;
  /** The last session cookie the ACS set, kept after the session ended (tests look it up). */
  lastSessionCookie: string | undefined;

  constructor(options: TestCpeOptions) {
    const parameters = options.parameters ?? deviceParameters(options.deviceId.SerialNumber);
    this.options = {
      url: options.url,
      deviceId: options.deviceId,
      parameters,
      informParameters: options.informParameters ?? Object.keys(parameters).slice(0, 6),
      namespace: options.namespace ?? 'urn:dslforum-org:cwmp-1-2',
      agent: options.agent ?? new Agent({ keepAlive: true, maxSockets: 1 }),
    };
  }

  /** Sends one POST on the CPE's connection, with its session cookie. */
  post(body: Uint8Array | string | null, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const payload = body ?? '';
    return new Promise((resolve, reject) => {
      const req = httpRequest(this.options.url, {
        method: 'POST',
        agent: this.options.agent,
        headers: {
          'Content-Type': 'text/xml; charset="utf-8"',
          // A chunked request (set by the caller) carries no Content-Length.
          ...('Transfer-Encoding' in headers ? {} : { 'Content-Length': String(Buffer.byteLength(payload)) }),
          ...(this.cookie === undefined ? {} : { Cookie: this.cookie }),
          ...headers,
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const setCookie = res.headers['set-cookie']?.[0];
          if (setCookie !== undefined) {
            const pair = setCookie.split(';')[0]!;
            this.cookie = pair.endsWith('=') ? undefined : pair;
            if (this.cookie !== undefined) this.lastSessionCookie = this.cookie;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  informBody(events: string[], header: CwmpHeader = {}): Buffer {
    const p = this.options.parameters;
    const ParameterList: ParameterValueStruct[] = this.options.informParameters.map((name) => ({
      Name: name,
      Value: p[name]?.value ?? '',
      type: p[name]?.type ?? 'string',
    }));
    return encodeEnvelope(
      {
        kind: 'Inform',
        DeviceId: this.options.deviceId,
        Event: events.map((EventCode) => ({ EventCode, CommandKey: '' })),
        MaxEnvelopes: 1,
        CurrentTime: new Date().toISOString(),
        RetryCount: 0,
        ParameterList,
      },
      { namespace: this.options.namespace, header: { id: `inform-${Date.now()}`, ...header } },
    );
  }

  /** Answers a GetParameterValues from the table; unknown names give fault 9005 as a CPE would. */
  answerGetParameterValues(names: string[], id: string | undefined): Buffer {
    const table = this.options.parameters;
    const list: ParameterValueStruct[] = [];
    for (const name of names) {
      const matches = name.endsWith('.') ? Object.keys(table).filter((k) => k.startsWith(name)) : name in table ? [name] : [];
      if (matches.length === 0) {
        return encodeEnvelope(
          { kind: 'Fault', faultcode: 'Client', faultstring: 'CWMP fault', FaultCode: 9005, FaultString: `Invalid parameter name ${name}`, SetParameterValuesFault: [] },
          { namespace: this.options.namespace, header: id === undefined ? {} : { id } },
        );
      }
      for (const m of matches) list.push({ Name: m, Value: table[m]!.value, type: table[m]!.type ?? 'string' });
    }
    return encodeEnvelope({ kind: 'GetParameterValuesResponse', ParameterList: list }, { namespace: this.options.namespace, header: id === undefined ? {} : { id } });
  }

  /** One whole session: Inform, empty POST, then the ACS's requests until it answers 204. */
  async runSession(events: string[] = ['2 PERIODIC']): Promise<SessionTranscript> {
    const transcript: SessionTranscript = { received: [], requests: [] };
    this.cookie = undefined;
    let answer = await this.post(this.informBody(events));
    let afterInform = true;
    for (let step = 0; step < 100; step++) {
      if (answer.status !== 200 || answer.body.length === 0) {
        transcript.received.push({ status: answer.status });
        return transcript;
      }
      const decoded = decodeEnvelope(answer.body);
      if (!decoded.ok) throw new Error(`ACS sent an undecodable body: ${decoded.error.message}`);
      const { message, header } = decoded.envelope;
      transcript.received.push({ status: answer.status, message });
      if (!afterInform) transcript.requests.push(message.kind);
      afterInform = false;
      // After the InformResponse, or to anything it does not serve, the CPE sends its empty POST.
      const reply = message.kind === 'GetParameterValues' ? this.answerGetParameterValues(message.ParameterNames, header.id) : null;
      answer = await this.post(reply);
    }
    throw new Error('session did not end within 100 exchanges');
  }

  close(): void {
    this.options.agent.destroy();
  }
}
