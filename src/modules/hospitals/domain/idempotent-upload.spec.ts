import { describe, expect, it } from '@jest/globals';
import { IdempotencyKeyReusedError } from './idempotency-key-reused.error.js';
import { assertSameUpload, isValidIdempotencyKey } from './idempotent-upload.js';

describe('idempotent upload', () => {
  it('accepts keys of up to 200 visible ASCII characters', () => {
    expect(isValidIdempotencyKey('2f6c7a4e-import-2026-11-22')).toBe(true);
    expect(isValidIdempotencyKey('k'.repeat(200))).toBe(true);
    expect(isValidIdempotencyKey('k'.repeat(201))).toBe(false);
    expect(isValidIdempotencyKey('')).toBe(false);
    expect(isValidIdempotencyKey('two words')).toBe(false);
    expect(isValidIdempotencyKey('clé')).toBe(false);
  });

  it('answers the same batch for the same file and refuses a different one', () => {
    const existing = { batchId: 'b1', fileSha256: 'aa' };
    expect(() => assertSameUpload(existing, 'aa')).not.toThrow();
    expect(() => assertSameUpload(existing, 'bb')).toThrow(IdempotencyKeyReusedError);
  });
});
