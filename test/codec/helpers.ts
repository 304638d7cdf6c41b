/** Shared helpers of the codec tests. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { decodeEnvelope } from '../../src/codec/decode.js';
import type { ErrorData } from '../../src/errors/codes.js';
import type { CwmpEnvelope } from '../../src/codec/messages.js';

/** The bytes of a hand-written fixture under test/codec/fixtures/. */
export function fixture(name: string): Buffer {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

/** Decodes and fails the test, with the error, unless the body decoded. */
export function decodeOk(body: Uint8Array | string): CwmpEnvelope {
  const result = decodeEnvelope(body);
  if (!result.ok) expect.fail(`expected a decoded envelope, got ${result.error.code}: ${result.error.message}`);
  return result.envelope;
}

/** Decodes and fails the test unless the body was refused; returns the error. */
export function decodeError(body: Uint8Array | string): ErrorData {
  const result = decodeEnvelope(body);
  if (result.ok) expect.fail(`expected an error, got a ${result.envelope.message.kind}`);
  return result.error;
}

const NS = {
  env: 'http://schemas.xmlsoap.org/soap/envelope/',
  cwmp: 'urn:dslforum-org:cwmp-1-2',
};

/** A minimal envelope around `body` (the Body's content), for tests that vary one part. */
export function envelope(body: string, header = ''): string {
  return (
    `<soap:Envelope xmlns:soap="${NS.env}" xmlns:cwmp="${NS.cwmp}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    (header === '' ? '' : `<soap:Header>${header}</soap:Header>`) +
    `<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

/** A valid Inform body with one argument replaced (or removed when `replacement` is ''). */
export function informWith(argument: string, replacement: string): string {
  const args: Record<string, string> = {
    DeviceId: '<DeviceId><Manufacturer>M</Manufacturer><OUI>001122</OUI><ProductClass>P</ProductClass><SerialNumber>S</SerialNumber></DeviceId>',
    Event: '<Event><EventStruct><EventCode>2 PERIODIC</EventCode><CommandKey></CommandKey></EventStruct></Event>',
    MaxEnvelopes: '<MaxEnvelopes>1</MaxEnvelopes>',
    CurrentTime: '<CurrentTime>2024-01-01T00:00:00Z</CurrentTime>',
    RetryCount: '<RetryCount>0</RetryCount>',
    ParameterList: '<ParameterList><ParameterValueStruct><Name>Device.X</Name><Value>1</Value></ParameterValueStruct></ParameterList>',
  };
  if (!(argument in args)) throw new Error(`no Inform argument ${argument}`);
  args[argument] = replacement;
  return envelope(`<cwmp:Inform>${Object.values(args).join('')}</cwmp:Inform>`);
}
