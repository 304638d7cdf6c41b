/**
 * The reader of a SOAP Fault in the Body: `faultcode` and `faultstring` at depth 1, the
 * `detail/cwmp:Fault` with FaultCode, FaultString and SetParameterValuesFault entries below.
 * A CPE sends it in answer to an ACS request; the test CPE also reads the ACS's faults.
 */
import type { CwmpMessage, SetParameterValuesFaultStruct } from './messages.js';
import { append, parseUnsignedInt, required, type BodyReader } from './decode-values.js';

/** Reads a SOAP Fault; the cwmp version comes from the `detail/cwmp:Fault` element's namespace. */
export class FaultReader implements BodyReader {
  nestedNamespace: string | undefined;
  private faultcode = '';
  private faultstring = '';
  private faultCode: number | undefined;
  private faultString = '';
  private readonly spvFaults: SetParameterValuesFaultStruct[] = [];
  private parameterName: string | undefined;
  private spvCode: number | undefined;
  private spvString = '';

  open(depth: number, local: string, parent: string, _attributes: unknown, uri: string | undefined): void {
    if (depth === 2 && local === 'Fault' && parent === 'detail') this.nestedNamespace = uri;
    else if (depth === 3 && local === 'SetParameterValuesFault') {
      this.parameterName = this.spvCode = undefined;
      this.spvString = '';
    }
  }

  close(depth: number, local: string, parent: string, text: string): void {
    if (depth === 1) {
      // Some CPEs qualify the code (`SOAP-ENV:Client`); the prefix carries nothing.
      if (local === 'faultcode') this.faultcode = text.slice(text.indexOf(':') + 1).trim();
      else if (local === 'faultstring') this.faultstring = text;
    } else if (depth === 3 && parent === 'Fault') {
      if (local === 'FaultCode') this.faultCode = parseUnsignedInt(text, 'Fault/detail/Fault/FaultCode');
      else if (local === 'FaultString') this.faultString = text;
      else if (local === 'SetParameterValuesFault') {
        const ParameterName = required(this.parameterName, 'Fault/detail/Fault/SetParameterValuesFault/ParameterName');
        const FaultCode = required(this.spvCode, 'Fault/detail/Fault/SetParameterValuesFault/FaultCode');
        append(this.spvFaults, { ParameterName, FaultCode, FaultString: this.spvString }, 'Fault/detail/Fault/SetParameterValuesFault');
      }
    } else if (depth === 4 && parent === 'SetParameterValuesFault') {
      if (local === 'ParameterName') this.parameterName = text.trim();
      else if (local === 'FaultCode') this.spvCode = parseUnsignedInt(text, 'Fault/detail/Fault/SetParameterValuesFault/FaultCode');
      else if (local === 'FaultString') this.spvString = text;
    }
  }

  finish(): CwmpMessage {
    return {
      kind: 'Fault',
      faultcode: this.faultcode,
      faultstring: this.faultstring,
      FaultCode: required(this.faultCode, 'Fault/detail/Fault/FaultCode'),
      FaultString: this.faultString,
      SetParameterValuesFault: this.spvFaults,
    };
  }
}
