import { describe, expect, it } from '@jest/globals';
import { IdempotencyKeyReusedError } from './idempotency-key-reused.error.js';
import { assertSameUpload } from './idempotent-upload.js';

describe('idempotent upload', () => {
  it('answers the same batch for the same file and refuses a different one', () => {
    const existing = { batchId: 'b1', fileSha256: 'aa' };
    expect(() => assertSameUpload(existing, 'aa')).not.toThrow();
    expect(() => assertSameUpload(existing, 'bb')).toThrow(IdempotencyKeyReusedError);
  });
});
