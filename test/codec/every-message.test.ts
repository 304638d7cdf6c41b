/**
 * Every CWMP message of cwmp-1-0 … cwmp-1-4, from samples built off the generated tables:
 * encode → decode gives it back, and the streaming decoder gives the same result fed the whole
 * body, byte by byte, and split in two at every position, on each tokenizer.
 */
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, decodeEnvelopeStream, type DecodeOptions, type DecodeResult } from '../../src/codec/decode.js';
import { encodeEnvelope } from '../../src/codec/encode.js';
import { decodeMessageProto, encodeMessageProto } from '../../src/codec/message-proto.js';
import { MESSAGE_KINDS } from '../../src/generated/cwmp/types.js';
import { sampleMessages, withoutTyped } from './samples.js';

const NS = 'urn:dslforum-org:cwmp-1-2';
const TOKENIZERS: Array<DecodeOptions['tokenizer']> = ['fast', 'sax'];

function streamed(chunks: Uint8Array[], options: DecodeOptions): DecodeResult {
  const stream = decodeEnvelopeStream(options);
  for (const c of chunks) stream.write(c);
  return stream.end();
}

describe('every message', () => {
  const samples = sampleMessages();

  it('has a sample for every message kind of the XSDs', () => {
    expect(samples.map((m) => m.kind)).toEqual([...MESSAGE_KINDS]);
    expect(samples.length).toBe(55); // every message element of cwmp-1-4.xsd and the schemas it includes
  });

  for (const message of samples) {
    const body = encodeEnvelope(message, { namespace: NS, header: { id: `id-${message.kind}` } });

    it(`gives back a ${message.kind} through encode → decode`, () => {
      const result = decodeEnvelope(body);
      if (!result.ok) return expect.fail(result.error.message);
      expect(withoutTyped(result.envelope.message)).toEqual(message);
      expect(result.envelope.header).toEqual({ id: `id-${message.kind}` });
      expect(result.envelope.namespace).toBe(NS);
    });

    it(`gives back a ${message.kind} through its protobuf form`, () => {
      expect(withoutTyped(decodeMessageProto(encodeMessageProto(message)))).toEqual(message);
    });

    for (const tokenizer of TOKENIZERS) {
      it(`decodes a ${message.kind} the same whole, byte by byte and split at every position (${tokenizer})`, () => {
        const options = { tokenizer };
        const whole = decodeEnvelope(body, options);
        expect(whole.ok).toBe(true);
        expect(streamed([body], options)).toEqual(whole);
        expect(streamed(Array.from(body, (b) => Uint8Array.of(b)), options)).toEqual(whole);
        for (let i = 1; i < body.length; i++) {
          const result = streamed([body.subarray(0, i), body.subarray(i)], options);
          if (!result.ok || JSON.stringify(result, replacer) !== JSON.stringify(whole, replacer)) expect.fail(`split at byte ${i} gave ${JSON.stringify(result, replacer).slice(0, 300)}`);
        }
      });
    }
  }
});

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}
