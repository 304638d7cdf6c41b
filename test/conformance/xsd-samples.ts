/**
 * One sample of every message the ACS (or the test CPE) may encode, in the codec's spec-named shape,
 * for the XSD validation test. `since` is the first CWMP minor version whose schema defines the
 * message (or a header it carries).
 */

export interface EncodeSample {
  /** Test name; unique. */
  readonly name: string;
  readonly since: 0 | 1 | 2 | 3 | 4;
  readonly message: { readonly kind: string } & Readonly<Record<string, unknown>>;
  readonly header?: Readonly<Record<string, unknown>>;
  /**
   * A known, deliberate departure from the schema: the test expects exactly this xmllint error, so
   * that it notices both a fix (remove the entry) and a different fault.
   */
  readonly deviation?: { readonly reason: string; readonly error: RegExp };
}

const ID = { id: 'prv-0001' };

const PARAMETER_LIST = [
  { Name: 'Device.WiFi.SSID.1.SSID', Value: 'Home & Garden <5G>', type: 'string' },
  { Name: 'Device.WiFi.Radio.1.Channel', Value: '36', type: 'unsignedInt' },
  { Name: 'Device.WiFi.Radio.1.Enable', Value: 'true', type: 'boolean' },
  { Name: 'Device.Time.CurrentLocalTime', Value: '2024-05-01T12:00:00Z', type: 'dateTime' },
];

export const ENCODE_SAMPLES: readonly EncodeSample[] = [
  // ACS → CPE requests
  { name: 'GetRPCMethods', since: 0, header: ID, message: { kind: 'GetRPCMethods' } },
  {
    name: 'SetParameterValues',
    since: 0,
    header: ID,
    message: { kind: 'SetParameterValues', ParameterList: PARAMETER_LIST, ParameterKey: 'cfg-rev-89' },
  },
  {
    name: 'GetParameterValues',
    since: 0,
    header: ID,
    message: { kind: 'GetParameterValues', ParameterNames: ['Device.DeviceInfo.', 'Device.WiFi.SSID.1.SSID'] },
  },
  {
    name: 'GetParameterNames',
    since: 0,
    header: ID,
    message: { kind: 'GetParameterNames', ParameterPath: 'Device.WiFi.', NextLevel: true },
  },
  {
    name: 'SetParameterAttributes',
    since: 0,
    header: ID,
    message: {
      kind: 'SetParameterAttributes',
      ParameterList: [
        { Name: 'Device.ManagementServer.ConnectionRequestURL', NotificationChange: true, Notification: 2, AccessListChange: false, AccessList: [] },
        { Name: 'Device.WiFi.SSID.1.SSID', NotificationChange: true, Notification: 1, AccessListChange: true, AccessList: ['Subscriber'] },
      ],
    },
  },
  {
    name: 'GetParameterAttributes',
    since: 0,
    header: ID,
    message: { kind: 'GetParameterAttributes', ParameterNames: ['Device.WiFi.SSID.1.SSID'] },
  },
  { name: 'AddObject', since: 0, header: ID, message: { kind: 'AddObject', ObjectName: 'Device.IP.Interface.', ParameterKey: 'add-1' } },
  { name: 'DeleteObject', since: 0, header: ID, message: { kind: 'DeleteObject', ObjectName: 'Device.IP.Interface.3.', ParameterKey: 'del-1' } },
  {
    name: 'Download',
    since: 0,
    header: ID,
    message: {
      kind: 'Download',
      CommandKey: 'fw-2024-05',
      FileType: '1 Firmware Upgrade Image',
      URL: 'https://files.example.net/fw/ex400-2.1.0.bin',
      Username: '',
      Password: '',
      FileSize: 31457280,
      TargetFileName: '',
      DelaySeconds: 0,
      SuccessURL: '',
      FailureURL: '',
    },
  },
  { name: 'Reboot', since: 0, header: ID, message: { kind: 'Reboot', CommandKey: 'rb-1' } },
  {
    name: 'Upload',
    since: 0,
    header: ID,
    message: {
      kind: 'Upload',
      CommandKey: 'log-1',
      FileType: '2 Vendor Log File',
      URL: 'https://files.example.net/upload/log-1',
      Username: 'cpe',
      Password: 's3cret',
      DelaySeconds: 0,
    },
  },
  { name: 'FactoryReset', since: 0, header: ID, message: { kind: 'FactoryReset' } },
  { name: 'ScheduleInform', since: 0, header: ID, message: { kind: 'ScheduleInform', DelaySeconds: 300, CommandKey: 'si-1' } },
  { name: 'GetQueuedTransfers', since: 0, header: ID, message: { kind: 'GetQueuedTransfers' } },
  { name: 'SetVouchers', since: 0, header: ID, message: { kind: 'SetVouchers', VoucherList: ['PFZvdWNoZXIvPg=='] } },
  { name: 'GetOptions', since: 0, header: ID, message: { kind: 'GetOptions', OptionName: '' } },
  { name: 'GetAllQueuedTransfers', since: 1, header: ID, message: { kind: 'GetAllQueuedTransfers' } },
  {
    name: 'ScheduleDownload',
    since: 2,
    header: ID,
    message: {
      kind: 'ScheduleDownload',
      CommandKey: 'sd-1',
      FileType: '1 Firmware Upgrade Image',
      URL: 'https://files.example.net/fw/ex400-2.1.0.bin',
      Username: '',
      Password: '',
      FileSize: 0,
      TargetFileName: '',
      TimeWindowList: [{ WindowStart: 0, WindowEnd: 3600, WindowMode: '1 At Any Time', UserMessage: '', MaxRetries: -1 }],
    },
  },
  { name: 'CancelTransfer', since: 2, header: ID, message: { kind: 'CancelTransfer', CommandKey: 'sd-1' } },
  {
    name: 'ChangeDUState',
    since: 2,
    header: ID,
    deviation: {
      // cwmp-protocol.md §15: the XSD wants repeated <Operations xsi:type="cwmp:InstallOpStruct">
      // elements, but the default wire form is the SOAP array most CPE stacks parse. The schema
      // cannot accept an array wrapper on the abstract OperationStruct.
      reason: 'default ChangeDUState form is a SOAP array of typed children, not the repeated <Operations> of the XSD',
      error: /element Operations: Schemas validity error : Element 'Operations': The type definition is abstract\./,
    },
    message: {
      kind: 'ChangeDUState',
      Operations: [
        { type: 'InstallOpStruct', URL: 'https://apps.example.net/speedtest-1.2.ipk', Username: '', Password: '', ExecutionEnvRef: '' },
        { type: 'UninstallOpStruct', UUID: '6f1f6a5c-9a7e-5b3a-8e1e-2d7c1b0a9f01', Version: '', ExecutionEnvRef: '' },
      ],
      CommandKey: 'du-1',
    },
  },

  // ACS responses to CPE requests
  { name: 'InformResponse', since: 0, header: ID, message: { kind: 'InformResponse', MaxEnvelopes: 1 } },
  {
    name: 'InformResponse with UseCWMPVersion',
    since: 4,
    header: { ...ID, useCwmpVersion: '1.4' },
    message: { kind: 'InformResponse', MaxEnvelopes: 1 },
  },
  { name: 'TransferCompleteResponse with HoldRequests', since: 0, header: { ...ID, holdRequests: true }, message: { kind: 'TransferCompleteResponse' } },
  { name: 'AutonomousTransferCompleteResponse', since: 1, header: ID, message: { kind: 'AutonomousTransferCompleteResponse' } },
  {
    name: 'GetRPCMethodsResponse',
    since: 0,
    header: ID,
    message: { kind: 'GetRPCMethodsResponse', MethodList: ['Inform', 'GetRPCMethods', 'TransferComplete', 'RequestDownload', 'Kicked'] },
  },
  { name: 'RequestDownloadResponse', since: 0, header: ID, message: { kind: 'RequestDownloadResponse' } },
  { name: 'KickedResponse', since: 0, header: ID, message: { kind: 'KickedResponse', NextURL: 'https://portal.example.net/done' } },
  { name: 'DUStateChangeCompleteResponse', since: 2, header: ID, message: { kind: 'DUStateChangeCompleteResponse' } },
  { name: 'AutonomousDUStateChangeCompleteResponse', since: 2, header: ID, message: { kind: 'AutonomousDUStateChangeCompleteResponse' } },
  {
    name: 'Fault 8003 from the ACS',
    since: 0,
    header: ID,
    message: { kind: 'Fault', faultcode: 'Client', faultstring: 'CWMP fault', FaultCode: 8003, FaultString: 'Invalid arguments', SetParameterValuesFault: [] },
  },
  {
    name: 'Fault 8006 from the ACS',
    since: 4,
    header: ID,
    message: {
      kind: 'Fault',
      faultcode: 'Server',
      faultstring: 'CWMP fault',
      FaultCode: 8006,
      FaultString: 'ACS version incompatible with CPE',
      SetParameterValuesFault: [],
    },
  },

  // What the test CPE sends
  {
    name: 'Inform',
    since: 0,
    header: ID,
    message: {
      kind: 'Inform',
      DeviceId: { Manufacturer: 'Acme & Sons', OUI: 'A1B2C3', ProductClass: 'EX400', SerialNumber: 'SN-0001' },
      Event: [
        { EventCode: '1 BOOT', CommandKey: '' },
        { EventCode: 'M Reboot', CommandKey: 'rb-1' },
      ],
      MaxEnvelopes: 1,
      CurrentTime: '2024-05-01T12:00:00Z',
      RetryCount: 0,
      ParameterList: PARAMETER_LIST,
    },
  },
  {
    name: 'Inform with SessionTimeout',
    since: 3,
    header: { ...ID, sessionTimeout: 60 },
    message: {
      kind: 'Inform',
      DeviceId: { Manufacturer: 'Acme', OUI: 'A1B2C3', ProductClass: '', SerialNumber: 'SN-0002' },
      Event: [{ EventCode: '2 PERIODIC', CommandKey: '' }],
      MaxEnvelopes: 1,
      CurrentTime: '0001-01-01T00:00:00Z',
      RetryCount: 3,
      ParameterList: [],
    },
  },
  {
    name: 'Inform with SupportedCWMPVersions',
    since: 4,
    header: { ...ID, supportedCwmpVersions: '1.0,1.1,1.2,1.3,1.4' },
    message: {
      kind: 'Inform',
      DeviceId: { Manufacturer: 'Acme', OUI: 'A1B2C3', ProductClass: 'EX400', SerialNumber: 'SN-0003' },
      Event: [{ EventCode: '14 HEARTBEAT', CommandKey: '' }],
      MaxEnvelopes: 1,
      CurrentTime: '2025-01-01T00:00:00Z',
      RetryCount: 0,
      ParameterList: [],
    },
  },
  {
    name: 'TransferComplete',
    since: 0,
    header: ID,
    message: {
      kind: 'TransferComplete',
      CommandKey: 'fw-2024-05',
      FaultStruct: { FaultCode: 0, FaultString: '' },
      StartTime: '2024-05-01T12:00:00Z',
      CompleteTime: '2024-05-01T12:04:00Z',
    },
  },
  {
    name: 'AutonomousTransferComplete',
    since: 1,
    header: ID,
    message: {
      kind: 'AutonomousTransferComplete',
      AnnounceURL: '',
      TransferURL: 'https://files.example.net/fw/ex400-2.1.0.bin',
      IsDownload: true,
      FileType: '1 Firmware Upgrade Image',
      FileSize: 31457280,
      TargetFileName: '',
      FaultStruct: { FaultCode: 9010, FaultString: 'Download failed' },
      StartTime: '2024-05-01T12:00:00Z',
      CompleteTime: '2024-05-01T12:04:00Z',
    },
  },
  {
    name: 'RequestDownload',
    since: 0,
    header: ID,
    message: { kind: 'RequestDownload', FileType: '3 Vendor Configuration File', FileTypeArg: [{ Name: 'Version', Value: '2.0.4' }] },
  },
  {
    name: 'Kicked',
    since: 0,
    header: ID,
    message: { kind: 'Kicked', Command: 'activate', Referer: 'http://192.168.1.1/', Arg: 'plan=gold', Next: 'http://192.168.1.1/done' },
  },
  {
    name: 'DUStateChangeComplete',
    since: 2,
    header: ID,
    message: {
      kind: 'DUStateChangeComplete',
      Results: [
        {
          UUID: '6f1f6a5c-9a7e-5b3a-8e1e-2d7c1b0a9f01',
          DeploymentUnitRef: 'Device.SoftwareModules.DeploymentUnit.3',
          Version: '1.4.2',
          CurrentState: 'Installed',
          Resolved: true,
          ExecutionUnitRefList: 'Device.SoftwareModules.ExecutionUnit.3',
          StartTime: '2023-09-01T10:00:00Z',
          CompleteTime: '2023-09-01T10:00:31Z',
          Fault: { FaultCode: 0, FaultString: '' },
        },
      ],
      CommandKey: 'du-1',
    },
  },
  {
    name: 'AutonomousDUStateChangeComplete',
    since: 2,
    header: ID,
    message: {
      kind: 'AutonomousDUStateChangeComplete',
      Results: [
        {
          UUID: 'c0ffee00-1234-5abc-8def-0123456789ab',
          DeploymentUnitRef: 'Device.SoftwareModules.DeploymentUnit.2',
          Version: '3.1.0',
          CurrentState: 'Installed',
          Resolved: true,
          ExecutionUnitRefList: '',
          StartTime: '2023-11-11T01:01:01Z',
          CompleteTime: '2023-11-11T01:01:20Z',
          Fault: { FaultCode: 0 },
          OperationPerformed: 'Update',
        },
      ],
    },
  },
  { name: 'GetParameterValuesResponse', since: 0, header: ID, message: { kind: 'GetParameterValuesResponse', ParameterList: PARAMETER_LIST } },
  { name: 'SetParameterValuesResponse', since: 0, header: ID, message: { kind: 'SetParameterValuesResponse', Status: 1 } },
  {
    name: 'GetParameterNamesResponse',
    since: 0,
    header: ID,
    message: {
      kind: 'GetParameterNamesResponse',
      ParameterList: [
        { Name: 'Device.WiFi.SSID.1.', Writable: false },
        { Name: 'Device.WiFi.SSID.1.SSID', Writable: true },
      ],
    },
  },
  { name: 'SetParameterAttributesResponse', since: 0, header: ID, message: { kind: 'SetParameterAttributesResponse' } },
  {
    name: 'GetParameterAttributesResponse',
    since: 0,
    header: ID,
    message: {
      kind: 'GetParameterAttributesResponse',
      ParameterList: [{ Name: 'Device.WiFi.SSID.1.SSID', Notification: 1, AccessList: ['Subscriber'] }],
    },
  },
  { name: 'AddObjectResponse', since: 0, header: ID, message: { kind: 'AddObjectResponse', InstanceNumber: 4, Status: 0 } },
  { name: 'DeleteObjectResponse', since: 0, header: ID, message: { kind: 'DeleteObjectResponse', Status: 0 } },
  {
    name: 'DownloadResponse',
    since: 0,
    header: ID,
    message: { kind: 'DownloadResponse', Status: 1, StartTime: '0001-01-01T00:00:00Z', CompleteTime: '0001-01-01T00:00:00Z' },
  },
  {
    name: 'UploadResponse',
    since: 0,
    header: ID,
    message: { kind: 'UploadResponse', Status: 0, StartTime: '2024-05-01T12:00:00Z', CompleteTime: '2024-05-01T12:00:02Z' },
  },
  { name: 'RebootResponse', since: 0, header: ID, message: { kind: 'RebootResponse' } },
  { name: 'FactoryResetResponse', since: 0, header: ID, message: { kind: 'FactoryResetResponse' } },
  { name: 'ScheduleInformResponse', since: 0, header: ID, message: { kind: 'ScheduleInformResponse' } },
  {
    name: 'GetQueuedTransfersResponse',
    since: 0,
    header: ID,
    message: { kind: 'GetQueuedTransfersResponse', TransferList: [{ CommandKey: 'fw-2024-05', State: 2 }] },
  },
  {
    name: 'GetAllQueuedTransfersResponse',
    since: 1,
    header: ID,
    message: {
      kind: 'GetAllQueuedTransfersResponse',
      TransferList: [
        { CommandKey: 'fw-2024-05', State: 2, IsDownload: true, FileType: '1 Firmware Upgrade Image', FileSize: 31457280, TargetFileName: '' },
      ],
    },
  },
  { name: 'ScheduleDownloadResponse', since: 2, header: ID, message: { kind: 'ScheduleDownloadResponse' } },
  { name: 'CancelTransferResponse', since: 2, header: ID, message: { kind: 'CancelTransferResponse' } },
  { name: 'ChangeDUStateResponse', since: 2, header: ID, message: { kind: 'ChangeDUStateResponse' } },
  { name: 'SetVouchersResponse', since: 0, header: ID, message: { kind: 'SetVouchersResponse' } },
  {
    name: 'GetOptionsResponse',
    since: 0,
    header: ID,
    message: {
      kind: 'GetOptionsResponse',
      OptionList: [
        {
          OptionName: 'X_00D09E_VoIP',
          VoucherSN: 1029,
          State: 1,
          Mode: 2,
          StartDate: '2010-01-01T00:00:00Z',
          ExpirationDate: '2011-01-01T00:00:00Z',
          IsTransferable: 0,
        },
      ],
    },
  },
  {
    name: 'Fault 9003 with SetParameterValuesFault',
    since: 0,
    header: ID,
    message: {
      kind: 'Fault',
      faultcode: 'Client',
      faultstring: 'CWMP fault',
      FaultCode: 9003,
      FaultString: 'Invalid arguments',
      SetParameterValuesFault: [{ ParameterName: 'Device.WiFi.SSID.1.SSID', FaultCode: 9007, FaultString: 'Invalid parameter value' }],
    },
  },
];
