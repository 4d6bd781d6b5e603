import { IdempotencyKeyReusedError } from './idempotency-key-reused.error.js';

/** The longest Idempotency-Key accepted, and the characters it may hold (visible ASCII). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
const KEY_PATTERN = /^[\x21-\x7e]+$/;

export function isValidIdempotencyKey(key: string): boolean {
  return key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && KEY_PATTERN.test(key);
}

/**
 * A repeated upload under the same key: the same file (by SHA-256) is the
 * same request and answers the batch it created; a different file is refused.
 */
export function assertSameUpload(existing: { batchId: string; fileSha256: string }, fileSha256: string): void {
  if (existing.fileSha256 !== fileSha256) throw new IdempotencyKeyReusedError(existing.batchId);
}
