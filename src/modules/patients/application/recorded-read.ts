import type { Logger } from '@nestjs/common';

/**
 * After a recorded read (ADR 29): the scope rendered in SQL decided whether
 * the access event was written, the same scope in memory decides whether the
 * record is served. They render one value, so a disagreement is a bug; it is
 * settled towards the trail: a record served is recorded (now, if the
 * statement did not), and a record refused is never served.
 */
export async function settleRecordedRead(
  logger: Logger,
  allowed: boolean,
  recorded: boolean,
  recordNow: () => Promise<void>,
): Promise<void> {
  if (allowed === recorded) return;
  logger.error({ allowed, recorded }, 'patient scope in SQL and in memory disagree');
  if (allowed) await recordNow();
}
