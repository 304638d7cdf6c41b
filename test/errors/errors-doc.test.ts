import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS, errorData } from '../../src/errors/codes.js';
import { ERRORS_DOC, renderErrorsDoc } from '../support/errors-doc.js';

describe('the error catalogue', () => {
  it('matches docs/errors.md (npm run docs:errors rewrites it)', () => {
    expect(existsSync(ERRORS_DOC), 'docs/errors.md is missing: run npm run docs:errors').toBe(true);
    expect(readFileSync(ERRORS_DOC, 'utf8')).toBe(renderErrorsDoc());
  });

  it('gives every error a unique PRV_ERR_ code', () => {
    const codes = Object.values(ERRORS).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^PRV_ERR_[A-Z]+_[A-Z_]+$/.test(c) || /^PRV_ERR_[A-Z]+$/.test(c))).toBe(true);
  });

  it('fills message placeholders from the parameters', () => {
    expect(errorData('BODY_TOO_LARGE', { limit: 10 }).message).toBe('Request body is larger than 10 bytes');
  });
});
