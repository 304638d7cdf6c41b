/** The protobuf form of messages and envelopes kept in session state. */
import { describe, expect, it } from 'vitest';
import { decodeEnvelopeProto, decodeMessageProto, encodeEnvelopeProto, encodeMessageProto } from '../../src/codec/message-proto.js';
import { decodeOk, fixture } from './helpers.js';

describe('message protobuf form', () => {
  it('gives back a decoded Inform envelope, typed values rebuilt', () => {
    const env = decodeOk(fixture('inform-tr181-periodic.xml'));
    const { warnings: _warnings, ...stored } = env;
    expect(decodeEnvelopeProto(encodeEnvelopeProto(env))).toEqual(stored);
  });

  it('is several times smaller than the XML it came from', () => {
    const xml = fixture('gpv-response-hosts.xml');
    const bytes = encodeMessageProto(decodeOk(xml).message);
    expect(bytes.length * 2).toBeLessThan(xml.length);
  });

  it('keeps an Unknown method', () => {
    expect(decodeMessageProto(encodeMessageProto({ kind: 'Unknown', method: 'X_ACME_Foo' }))).toEqual({ kind: 'Unknown', method: 'X_ACME_Foo' });
  });

  it('keeps a Fault with its SetParameterValuesFault entries', () => {
    const fault = decodeOk(fixture('fault-spv.xml')).message;
    expect(decodeMessageProto(encodeMessageProto(fault))).toEqual(fault);
  });

  it('throws on bytes that hold no message', () => {
    expect(() => decodeMessageProto(new Uint8Array(0))).toThrow(/corrupted/);
  });
});
