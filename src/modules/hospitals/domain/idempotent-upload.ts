import { IdempotencyKeyReusedError } from './idempotency-key-reused.error.js';

/**
 * A repeated upload under the same key: the same file (by SHA-256) is the
 * same request and answers the batch it created; a different file is refused.
 */
export function assertSameUpload(existing: { batchId: string; fileSha256: string }, fileSha256: string): void {
  if (existing.fileSha256 !== fileSha256) throw new IdempotencyKeyReusedError(existing.batchId);
}
