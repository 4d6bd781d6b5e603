import { describe, expect, it } from '@jest/globals';
import { RequestValidationError } from '../../../infrastructure/http/request-validation.error.js';
import { purposeOfUseOf } from './purpose-of-use.js';

describe('purposeOfUseOf', () => {
  it('defaults to treatment and takes short lower-case codes', () => {
    expect(purposeOfUseOf(undefined)).toBe('treatment');
    expect(purposeOfUseOf('')).toBe('treatment');
    expect(purposeOfUseOf('billing')).toBe('billing');
    expect(purposeOfUseOf('quality-review-2')).toBe('quality-review-2');
    expect(purposeOfUseOf('x'.repeat(64))).toHaveLength(64);
  });

  it.each(['Treatment', 'because I can', 'x'.repeat(65), 'billing;drop', 'émergence'])('refuses %j', (value) => {
    expect(() => purposeOfUseOf(value)).toThrow(RequestValidationError);
  });
});
