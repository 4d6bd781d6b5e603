import { describe, expect, it } from '@jest/globals';
import { RequestValidationError } from './request-validation.error.js';
import { asOfInstant } from './as-of.js';

const now = new Date('2026-11-22T10:00:00Z');

describe('asOfInstant', () => {
  it('reads instants with Z or an offset', () => {
    expect(asOfInstant('2026-11-01T08:00:00Z', now).toISOString()).toBe('2026-11-01T08:00:00.000Z');
    expect(asOfInstant('2026-11-01T09:30+01:30', now).toISOString()).toBe('2026-11-01T08:00:00.000Z');
  });

  it.each(['2026-02-31T08:00:00Z', '2026-13-01T08:00:00Z', '2026-11-01T25:00:00Z'])('refuses %s as not real', (value) => {
    expect(() => asOfInstant(value, now)).toThrow(RequestValidationError);
  });

  it('refuses the future', () => {
    expect(() => asOfInstant('2026-11-22T10:00:01Z', now)).toThrow(RequestValidationError);
  });
});
