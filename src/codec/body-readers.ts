/**
 * Per-method readers: small state machines that turn the SAX events under the Body's method element
 * into a typed message. The envelope decoder feeds them; they never see the Envelope or Header.
 *
 * Depth counts from the method element: 1 is an argument (`DeviceId`), 2 its child, and so on.
 * Elements are matched by local name only, because the XSDs make arguments unqualified yet some
 * CPEs qualify them. Children of an array are taken whatever their name (`EventStruct`, `string`,
 * `xsd:string`…): the XSD fixes the name but the count and order are what matter. Unknown elements
 * are skipped, as TR-069 asks (e.g. a vendor `<WanIPAddress>` inside `DeviceId`).
 * The SOAP Fault reader lives in fault-reader.ts.
 */
import type { CwmpMessage, EventStruct, ParameterValueStruct } from './messages.js';
import { append, parseUnsignedInt, required, type BodyReader } from './decode-values.js';
import { FaultReader } from './fault-reader.js';

/** The xsi:type of a Value without its prefix (`xsd:unsignedInt` → `unsignedInt`), whatever prefix bound xsi. */
function valueType(attributes: Readonly<Record<string, string>>): string | undefined {
  for (const name in attributes) {
    if (name === 'type' || name.endsWith(':type')) {
      const value = attributes[name] ?? '';
      const colon = value.indexOf(':');
      return (colon < 0 ? value : value.slice(colon + 1)).trim();
    }
  }
  return undefined;
}

/** `ParameterList` of ParameterValueStruct at depth 1, shared by Inform and GetParameterValuesResponse. */
class ParameterListReader {
  list: ParameterValueStruct[] | undefined;
  private name: string | undefined;
  private value: string | undefined;
  private type: string | undefined;
  /** Inside a ParameterList entry, so that depth-3 `Name`/`Value` elsewhere are not taken. */
  private inStruct = false;

  constructor(private readonly path: string) {}

  open(depth: number, local: string, parent: string, attributes: Readonly<Record<string, string>>): void {
    if (depth === 1) {
      if (local === 'ParameterList') this.list = [];
    } else if (depth === 2) {
      this.inStruct = parent === 'ParameterList';
      this.name = this.value = this.type = undefined;
    } else if (depth === 3 && this.inStruct && local === 'Value') {
      this.type = valueType(attributes);
    }
  }

  close(depth: number, local: string, _parent: string, text: string): void {
    if (depth === 3 && this.inStruct) {
      if (local === 'Name') this.name = text.trim();
      // Values keep their whitespace: for a string parameter it is data.
      else if (local === 'Value') this.value = text;
    } else if (depth === 2 && this.inStruct && this.list !== undefined) {
      this.inStruct = false;
      const Name = required(this.name, `${this.path}/ParameterList/ParameterValueStruct/Name`);
      const item: ParameterValueStruct = { Name, Value: this.value ?? '' };
      if (this.type !== undefined) item.type = this.type;
      append(this.list, item, `${this.path}/ParameterList`);
    }
  }
}

class InformReader implements BodyReader {
  nestedNamespace: string | undefined;
  private manufacturer: string | undefined;
  private oui: string | undefined;
  private productClass: string | undefined;
  private serialNumber: string | undefined;
  private events: EventStruct[] | undefined;
  private eventCode: string | undefined;
  private commandKey: string | undefined;
  /** Inside an Event entry, so that depth-3 elements elsewhere are not taken. */
  private inEvent = false;
  private maxEnvelopes: number | undefined;
  private currentTime: string | undefined;
  private retryCount: number | undefined;
  private readonly parameters = new ParameterListReader('Inform');

  open(depth: number, local: string, parent: string, attributes: Readonly<Record<string, string>>): void {
    if (depth === 1 && local === 'Event') this.events = [];
    else if (depth === 2) {
      this.inEvent = parent === 'Event';
      this.eventCode = this.commandKey = undefined;
    }
    this.parameters.open(depth, local, parent, attributes);
  }

  close(depth: number, local: string, parent: string, text: string): void {
    if (depth === 1) {
      if (local === 'MaxEnvelopes') this.maxEnvelopes = parseUnsignedInt(text, 'Inform/MaxEnvelopes');
      else if (local === 'CurrentTime') this.currentTime = text.trim();
      else if (local === 'RetryCount') this.retryCount = parseUnsignedInt(text, 'Inform/RetryCount');
    } else if (depth === 2 && parent === 'DeviceId') {
      if (local === 'Manufacturer') this.manufacturer = text.trim();
      else if (local === 'OUI') this.oui = text.trim();
      else if (local === 'ProductClass') this.productClass = text.trim();
      else if (local === 'SerialNumber') this.serialNumber = text.trim();
    } else if (depth === 2 && this.inEvent && this.events !== undefined) {
      this.inEvent = false;
      const EventCode = required(this.eventCode, 'Inform/Event/EventStruct/EventCode');
      // CommandKey is required by the XSD but empty for most events; CPEs drop it.
      append(this.events, { EventCode, CommandKey: this.commandKey ?? '' }, 'Inform/Event');
    } else if (depth === 3 && this.inEvent) {
      if (local === 'EventCode') this.eventCode = text.trim();
      else if (local === 'CommandKey') this.commandKey = text;
    } else {
      this.parameters.close(depth, local, parent, text);
    }
  }

  finish(): CwmpMessage {
    return {
      kind: 'Inform',
      DeviceId: {
        Manufacturer: required(this.manufacturer, 'Inform/DeviceId/Manufacturer'),
        OUI: required(this.oui, 'Inform/DeviceId/OUI'),
        ProductClass: required(this.productClass, 'Inform/DeviceId/ProductClass'),
        SerialNumber: required(this.serialNumber, 'Inform/DeviceId/SerialNumber'),
      },
      Event: required(this.events, 'Inform/Event'),
      MaxEnvelopes: required(this.maxEnvelopes, 'Inform/MaxEnvelopes'),
      CurrentTime: required(this.currentTime, 'Inform/CurrentTime'),
      RetryCount: required(this.retryCount, 'Inform/RetryCount'),
      ParameterList: required(this.parameters.list, 'Inform/ParameterList'),
    };
  }
}

class InformResponseReader implements BodyReader {
  nestedNamespace: string | undefined;
  private maxEnvelopes: number | undefined;

  open(): void {}

  close(depth: number, local: string, _parent: string, text: string): void {
    if (depth === 1 && local === 'MaxEnvelopes') this.maxEnvelopes = parseUnsignedInt(text, 'InformResponse/MaxEnvelopes');
  }

  finish(): CwmpMessage {
    return { kind: 'InformResponse', MaxEnvelopes: required(this.maxEnvelopes, 'InformResponse/MaxEnvelopes') };
  }
}

class GetParameterValuesReader implements BodyReader {
  nestedNamespace: string | undefined;
  private names: string[] | undefined;

  open(depth: number, local: string): void {
    if (depth === 1 && local === 'ParameterNames') this.names = [];
  }

  close(depth: number, _local: string, parent: string, text: string): void {
    if (depth === 2 && parent === 'ParameterNames' && this.names !== undefined) {
      append(this.names, text.trim(), 'GetParameterValues/ParameterNames');
    }
  }

  finish(): CwmpMessage {
    return { kind: 'GetParameterValues', ParameterNames: required(this.names, 'GetParameterValues/ParameterNames') };
  }
}

class GetParameterValuesResponseReader implements BodyReader {
  nestedNamespace: string | undefined;
  private readonly parameters = new ParameterListReader('GetParameterValuesResponse');

  open(depth: number, local: string, parent: string, attributes: Readonly<Record<string, string>>): void {
    this.parameters.open(depth, local, parent, attributes);
  }

  close(depth: number, local: string, parent: string, text: string): void {
    this.parameters.close(depth, local, parent, text);
  }

  finish(): CwmpMessage {
    return {
      kind: 'GetParameterValuesResponse',
      ParameterList: required(this.parameters.list, 'GetParameterValuesResponse/ParameterList'),
    };
  }
}

class UnknownReader implements BodyReader {
  nestedNamespace: string | undefined;
  constructor(private readonly method: string) {}
  open(): void {}
  close(): void {}
  finish(): CwmpMessage {
    return { kind: 'Unknown', method: this.method };
  }
}

/** A fresh reader for the method element `local`; `soapFault` when it is the SOAP envelope's Fault. */
export function createBodyReader(local: string, soapFault: boolean): BodyReader {
  if (soapFault) return new FaultReader();
  switch (local) {
    case 'Inform':
      return new InformReader();
    case 'InformResponse':
      return new InformResponseReader();
    case 'GetParameterValues':
      return new GetParameterValuesReader();
    case 'GetParameterValuesResponse':
      return new GetParameterValuesResponseReader();
    default:
      return new UnknownReader(local);
  }
}
