/** The bodies the codec benches run on, built once and checked by the benches themselves. */
import { encodeEnvelope } from '../../src/codec/encode.js';
import type { CwmpNamespace, ParameterValueStruct } from '../../src/codec/messages.js';

export const NS: CwmpNamespace = 'urn:dslforum-org:cwmp-1-2';

const INFORM_PARAMETERS: Array<[string, string, string]> = [
  ['Device.RootDataModelVersion', '2.15', 'string'],
  ['Device.DeviceInfo.HardwareVersion', 'HW-REV-C 2.1 (board 0x4f1a)', 'string'],
  ['Device.DeviceInfo.SoftwareVersion', '7.2.1-build.20240501 release candidate 3', 'string'],
  ['Device.DeviceInfo.ProvisioningCode', 'ISP-REGION-EU-WEST.residential.fiber.1g', 'string'],
  ['Device.DeviceInfo.UpTime', '1234567', 'unsignedInt'],
  ['Device.ManagementServer.ParameterKey', 'profile-2024-05-01T08:30:00Z-rev-17', 'string'],
  ['Device.ManagementServer.ConnectionRequestURL', 'http://198.51.100.23:7547/cr/6f1c2a9d-8b3e-4f5a-9c7d-2e1f0a3b4c5d', 'string'],
  ['Device.ManagementServer.AliasBasedAddressing', 'false', 'boolean'],
  ['Device.IP.Interface.1.IPv4Address.1.IPAddress', '198.51.100.23', 'string'],
  ['Device.Optical.Interface.1.OpticalSignalLevel', '-18312', 'int'],
];

/** A periodic Inform with 10 parameters, pretty-printed as many CPEs send it: about 4 KB. */
export function informBody(): Buffer {
  const params = INFORM_PARAMETERS.map(
    ([name, value, type]) =>
      `        <ParameterValueStruct>\r\n          <Name>${name}</Name>\r\n          <Value xsi:type="xsd:${type}">${value}</Value>\r\n        </ParameterValueStruct>\r\n`,
  ).join('');
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\r\n' +
    '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/"\r\n' +
    '    xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-2">\r\n' +
    '  <SOAP-ENV:Header>\r\n    <cwmp:ID SOAP-ENV:mustUnderstand="1">1a2b3c4d</cwmp:ID>\r\n' +
    '    <cwmp:SessionTimeout SOAP-ENV:mustUnderstand="0">30</cwmp:SessionTimeout>\r\n' +
    '    <cwmp:SupportedCWMPVersions SOAP-ENV:mustUnderstand="0">1.0,1.1,1.2,1.3,1.4</cwmp:SupportedCWMPVersions>\r\n  </SOAP-ENV:Header>\r\n' +
    '  <SOAP-ENV:Body>\r\n    <cwmp:Inform>\r\n      <DeviceId>\r\n        <Manufacturer>Example Networks GmbH &amp; Co. KG</Manufacturer>\r\n' +
    '        <OUI>00D09E</OUI>\r\n        <ProductClass>FTTH-ONT-GW-2000 series residential gateway</ProductClass>\r\n        <SerialNumber>EXN2000-A1B2C3D4E5F60718</SerialNumber>\r\n      </DeviceId>\r\n' +
    '      <Event SOAP-ENC:arrayType="cwmp:EventStruct[2]">\r\n' +
    '        <EventStruct>\r\n          <EventCode>2 PERIODIC</EventCode>\r\n          <CommandKey></CommandKey>\r\n        </EventStruct>\r\n' +
    '        <EventStruct>\r\n          <EventCode>4 VALUE CHANGE</EventCode>\r\n          <CommandKey></CommandKey>\r\n        </EventStruct>\r\n      </Event>\r\n' +
    '      <MaxEnvelopes>1</MaxEnvelopes>\r\n      <CurrentTime>2024-05-01T08:30:00+02:00</CurrentTime>\r\n      <RetryCount>0</RetryCount>\r\n' +
    `      <ParameterList SOAP-ENC:arrayType="cwmp:ParameterValueStruct[${INFORM_PARAMETERS.length}]">\r\n${params}      </ParameterList>\r\n` +
    '    </cwmp:Inform>\r\n  </SOAP-ENV:Body>\r\n</SOAP-ENV:Envelope>\r\n';
  return Buffer.from(xml);
}

export function parameterValues(count: number): ParameterValueStruct[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = i % 4;
    if (kind === 0) return { Name: `Device.Hosts.Host.${i}.HostName`, Value: `host-${i}.lan`, type: 'string' };
    if (kind === 1) return { Name: `Device.Hosts.Host.${i}.Active`, Value: i % 3 === 0 ? 'true' : 'false', type: 'boolean' };
    if (kind === 2) return { Name: `Device.WiFi.AccessPoint.1.AssociatedDevice.${i}.SignalStrength`, Value: String(-40 - (i % 50)), type: 'int' };
    return { Name: `Device.Hosts.Host.${i}.IPAddress`, Value: `192.168.${i % 250}.${(i * 7) % 250}`, type: 'string' };
  });
}

export function gpvResponseBody(count: number): Buffer {
  return encodeEnvelope({ kind: 'GetParameterValuesResponse', ParameterList: parameterValues(count) }, { namespace: NS, header: { id: 'gpv-1' } });
}

export function gpnResponseBody(count: number): Buffer {
  const ParameterList = Array.from({ length: count }, (_, i) => ({ Name: `Device.Hosts.Host.${i}.${i % 5 === 0 ? '' : 'PhysAddress'}`, Writable: i % 2 === 0 }));
  return encodeEnvelope({ kind: 'GetParameterNamesResponse', ParameterList }, { namespace: NS, header: { id: 'gpn-1' } });
}
