import { DomainError } from '@hms/ddd';

/** An Idempotency-Key already used for a different file: repeating a request must repeat it exactly. */
export class IdempotencyKeyReusedError extends DomainError<'HOSPITAL.IDEMPOTENCY_KEY_REUSED'> {
  readonly code = 'HOSPITAL.IDEMPOTENCY_KEY_REUSED' as const;
  constructor(batchId: string) {
    super('This Idempotency-Key was already used to upload a different file; use a new key for a new file', { batchId });
  }
}
