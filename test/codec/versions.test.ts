/** CWMP version negotiation: SupportedCWMPVersions → UseCWMPVersion, namespace dating, fault 8006. */
import { describe, expect, it } from 'vitest';
import { negotiateCwmpVersion } from '../../src/codec/versions.js';

describe('negotiateCwmpVersion', () => {
  it('picks the highest offered version and answers it as UseCWMPVersion', () => {
    expect(negotiateCwmpVersion('urn:dslforum-org:cwmp-1-2', { supportedCwmpVersions: '1.0,1.1,1.2,1.3,1.4' })).toEqual({ ok: true, version: '1.4', useCwmpVersion: '1.4' });
  });

  it('tolerates spaces and empty entries in the offered list', () => {
    expect(negotiateCwmpVersion('urn:dslforum-org:cwmp-1-2', { supportedCwmpVersions: ' 1.2 , ,1.3,' })).toMatchObject({ ok: true, version: '1.3' });
  });

  it('answers fault 8006 when no offered version is supported', () => {
    expect(negotiateCwmpVersion('urn:dslforum-org:cwmp-1-2', { supportedCwmpVersions: '2.0,9.9' })).toMatchObject({ ok: false, cwmpFault: 8006 });
    expect(negotiateCwmpVersion('urn:dslforum-org:cwmp-1-2', { supportedCwmpVersions: '1.4' }, ['1.0', '1.1'])).toMatchObject({ ok: false, cwmpFault: 8006 });
  });

  it('dates a CPE without SupportedCWMPVersions by its namespace and sends no UseCWMPVersion', () => {
    expect(negotiateCwmpVersion('urn:dslforum-org:cwmp-1-0', {})).toEqual({ ok: true, version: '1.0', useCwmpVersion: undefined });
    expect(negotiateCwmpVersion('urn:dslforum-org:cwmp-1-1', {})).toMatchObject({ version: '1.1' });
    expect(negotiateCwmpVersion('urn:dslforum-org:cwmp-1-2', {})).toMatchObject({ version: '1.2' });
    expect(negotiateCwmpVersion('urn:dslforum-org:cwmp-1-2', { sessionTimeout: 30 })).toMatchObject({ version: '1.3' });
    expect(negotiateCwmpVersion('urn:dslforum-org:cwmp-1-3', {})).toMatchObject({ version: '1.4' });
  });

  it('answers 8006 when the namespace version is not supported', () => {
    expect(negotiateCwmpVersion('urn:dslforum-org:cwmp-1-0', {}, ['1.4'])).toMatchObject({ ok: false, cwmpFault: 8006 });
  });
});
