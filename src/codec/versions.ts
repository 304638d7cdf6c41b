/**
 * CWMP version negotiation (TR-069 §3.7.4 as summarised in docs/cwmp-protocol.md §1): a 1.4 CPE
 * offers `SupportedCWMPVersions` in its Inform header and the ACS answers `UseCWMPVersion`; an
 * older CPE is dated by its namespace. The session answers fault 8006 when no version fits.
 */
import type { CwmpHeader, CwmpNamespace } from './messages.js';

export type CwmpVersion = '1.0' | '1.1' | '1.2' | '1.3' | '1.4';

/** The versions Provisio speaks, oldest first. */
export const SUPPORTED_CWMP_VERSIONS: readonly CwmpVersion[] = Object.freeze(['1.0', '1.1', '1.2', '1.3', '1.4']);

/** ACS fault "ACS version incompatible with CPE" (cwmp-1-4.xsd ACSFaultCodeType). */
export const FAULT_VERSION_INCOMPATIBLE = 8006;

export type VersionChoice =
  | { ok: true; version: CwmpVersion; /** Set when the CPE offered a list: send it as UseCWMPVersion. */ useCwmpVersion: CwmpVersion | undefined }
  | { ok: false; cwmpFault: typeof FAULT_VERSION_INCOMPATIBLE; detail: string };

/** Version implied by a namespace when the CPE sends no SupportedCWMPVersions (GenieACS's reading). */
function versionOfNamespace(namespace: CwmpNamespace | undefined, header: CwmpHeader): CwmpVersion {
  switch (namespace) {
    case 'urn:dslforum-org:cwmp-1-0':
    case undefined:
      return '1.0';
    case 'urn:dslforum-org:cwmp-1-1':
      return '1.1';
    case 'urn:dslforum-org:cwmp-1-2':
      // A SessionTimeout header is a 1.3 feature: take it as a hint.
      return header.sessionTimeout !== undefined ? '1.3' : '1.2';
    case 'urn:dslforum-org:cwmp-1-3':
    case 'urn:dslforum-org:cwmp-1-4':
      // Never defined by BBF but sent by some CPEs; GenieACS treats both as 1.4.
      return '1.4';
  }
}

/**
 * Picks the session's CWMP version from an Inform's namespace and header: the highest offered
 * version we support, or the namespace's version when nothing is offered. Tolerates spaces and
 * empty entries in the list (`1.0, 1.4,`).
 */
export function negotiateCwmpVersion(
  namespace: CwmpNamespace | undefined,
  header: CwmpHeader,
  supported: readonly CwmpVersion[] = SUPPORTED_CWMP_VERSIONS,
): VersionChoice {
  const offered = header.supportedCwmpVersions;
  if (offered === undefined) {
    const version = versionOfNamespace(namespace, header);
    if (supported.includes(version)) return { ok: true, version, useCwmpVersion: undefined };
    return { ok: false, cwmpFault: FAULT_VERSION_INCOMPATIBLE, detail: `the CPE speaks CWMP ${version}, which this ACS does not support` };
  }
  let best: CwmpVersion | undefined;
  for (const raw of offered.split(',')) {
    const v = raw.trim() as CwmpVersion;
    if (supported.includes(v) && (best === undefined || v > best)) best = v;
  }
  if (best === undefined) {
    return { ok: false, cwmpFault: FAULT_VERSION_INCOMPATIBLE, detail: `none of the CPE's CWMP versions (${offered.slice(0, 64)}) is supported (${supported.join(',')})` };
  }
  return { ok: true, version: best, useCwmpVersion: best };
}
