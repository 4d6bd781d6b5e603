/**
 * What a failed job attempt leaves in Redis (Bull keeps a failed job's
 * message and stack): the cause's class and code only, because a parser's or
 * the database's message can quote a file or a record. Shared by every
 * queue consumer whose work reads personal data.
 */
export class AttemptFailedError extends Error {
  constructor(work: string, cause: unknown) {
    const name = cause instanceof Error ? cause.name : 'Error';
    const code = (cause as { code?: unknown } | null)?.code;
    super(`${work} attempt failed: ${name}${typeof code === 'string' ? ` (${code})` : ''}`);
    this.name = 'AttemptFailedError';
  }
}
