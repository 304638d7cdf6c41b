import { describe, expect, it } from 'vitest';
import { NODES, STRINGS } from '../../src/generated/registry/data.js';
import { ACCESS, FLAG, NODE_KINDS, NODE_STRIDE, STATUSES } from '../../src/generated/registry/format.js';
import { isLegacyPath, lookupParameter } from '../../src/codec/parameter-registry.js';

interface Pattern { path: string; deleted: boolean }

/** Every path pattern of the generated node table. */
function allPatterns(): Pattern[] {
  const out: Pattern[] = [];
  for (let o = 0; o < NODES.length; o += NODE_STRIDE) {
    const parent = NODES[o] ?? -1;
    const flags = NODES[o + 2] ?? 0;
    const isParameter = ((flags >> FLAG.KIND_SHIFT) & FLAG.TWO_BITS) === NODE_KINDS.indexOf('parameter');
    const prefix = parent < 0 ? '' : (out[parent]?.path ?? '');
    const name = STRINGS[NODES[o + 1] ?? -1] ?? '';
    out.push({ path: isParameter ? prefix + name : `${prefix}${name}.`, deleted: STATUSES[(flags >> FLAG.STATUS_SHIFT) & FLAG.TWO_BITS] === 'deleted' });
  }
  return out;
}

interface Counts { parameters: number; current: number; deleted: number; writableCurrent: number }

/** Parameters per model, by walking the generated node table (TR-104 once per mount point). */
function countParameters(): Record<string, Counts> {
  const paths: string[] = [];
  const counts: Record<string, Counts> = {};
  for (let o = 0; o < NODES.length; o += NODE_STRIDE) {
    const parent = NODES[o] ?? -1;
    const name = STRINGS[NODES[o + 1] ?? -1] ?? '';
    const flags = NODES[o + 2] ?? 0;
    const field = (shift: number): number => (flags >> shift) & FLAG.TWO_BITS;
    const isParameter = field(FLAG.KIND_SHIFT) === NODE_KINDS.indexOf('parameter');
    const prefix = parent < 0 ? '' : (paths[parent] ?? '');
    const path = isParameter ? prefix + name : `${prefix}${name}.`;
    paths.push(path);
    if (!isParameter) continue;
    const root = path.slice(0, path.indexOf('.'));
    const model = path.includes('.Services.VoiceService.') ? `${root}.Services.VoiceService` : root;
    const c = (counts[model] ??= { parameters: 0, current: 0, deleted: 0, writableCurrent: 0 });
    const status = STATUSES[field(FLAG.STATUS_SHIFT)];
    c.parameters++;
    if (status === 'current') c.current++;
    if (status === 'deleted') c.deleted++;
    if (status === 'current' && ACCESS[field(FLAG.ACCESS_SHIFT)] === 'readWrite') c.writableCurrent++;
  }
  return counts;
}

describe('generated registry', () => {
  it('finds every pattern of the node table by its own path', () => {
    const patterns = allPatterns();
    expect(patterns.length).toBeGreaterThan(12_000);
    for (const { path, deleted } of patterns) {
      if (deleted) expect(isLegacyPath(path), path).toBe(true);
      else expect(lookupParameter(path)?.path, path).toBe(path);
    }
  });

  // The figures of shared/docs/datamodel-notes.md §3, counted there from the same XML files.
  it('holds every parameter of each model, with the status and access the notes count', () => {
    const counts = countParameters();
    expect(counts['Device']).toMatchObject({ parameters: 7343, current: 7065, writableCurrent: 2625 });
    expect(counts['InternetGatewayDevice']).toMatchObject({ parameters: 1801, current: 1743, writableCurrent: 750 });
    expect(counts['Device.Services.VoiceService']).toMatchObject({ parameters: 848, current: 847, writableCurrent: 513 });
    expect(counts['InternetGatewayDevice.Services.VoiceService']).toEqual(counts['Device.Services.VoiceService']);
  });
});
