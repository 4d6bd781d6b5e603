import { describe, expect, it } from '@jest/globals';
import { isValidIdempotencyKey } from './idempotency-key.decorator.js';

describe('Idempotency-Key', () => {
  it('accepts 1 to 200 visible ASCII characters', () => {
    expect(isValidIdempotencyKey('2f6c7a4e-import-2026-11-22')).toBe(true);
    expect(isValidIdempotencyKey('k'.repeat(200))).toBe(true);
    expect(isValidIdempotencyKey('k'.repeat(201))).toBe(false);
    expect(isValidIdempotencyKey('')).toBe(false);
    expect(isValidIdempotencyKey('two words')).toBe(false);
    expect(isValidIdempotencyKey('clé')).toBe(false);
  });
});
