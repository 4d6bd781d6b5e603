/**
 * What a failed rotation attempt leaves in Redis (Bull keeps a failed job's
 * message and stack): the cause's class and SQLSTATE only, because a
 * database message can quote a row.
 */
export class PiiRotationAttemptFailedError extends Error {
  constructor(cause: unknown) {
    const name = cause instanceof Error ? cause.name : 'Error';
    const code = (cause as { code?: unknown } | null)?.code;
    super(`rotation attempt failed: ${name}${typeof code === 'string' ? ` (${code})` : ''}`);
    this.name = 'PiiRotationAttemptFailedError';
  }
}
