import { describe, expect, it } from 'vitest';
import { fuzzDecode, fuzzSeeds } from './decode-differential.js';

describe('the decoder under random mutations', () => {
  it('gives the same envelope or error through the fast tokenizer and sax, and never throws', () => {
    const report = fuzzDecode(fuzzSeeds(), 20261125, 20_000);
    expect(report.failures).toEqual([]);
    // The mutations must reach the decoder too, not only the XML checks.
    expect(report.accepted).toBeGreaterThan(1000);
  }, 60_000);
});
