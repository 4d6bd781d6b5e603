/**
 * What a failed import attempt leaves in Redis (Bull keeps a failed job's
 * message and stack): the cause's class and code only, because a parser's or
 * the database's message can quote the file.
 */
export class ImportAttemptFailedError extends Error {
  constructor(cause: unknown) {
    const name = cause instanceof Error ? cause.name : 'Error';
    const code = (cause as { code?: unknown } | null)?.code;
    super(`import attempt failed: ${name}${typeof code === 'string' ? ` (${code})` : ''}`);
    this.name = 'ImportAttemptFailedError';
  }
}
