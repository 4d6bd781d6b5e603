import { InvalidInputError } from '@hms/ddd';

/** How far ahead of the server's clock an instant may be: clients' clocks drift a little. */
export const CLOCK_SKEW_MS = 2 * 60_000;

/** Refuses an instant later than now plus the clock skew (400 naming the field). */
export function assertNotInFuture(field: string, at: Date, now: Date): void {
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new InvalidInputError('The encounter has invalid fields; see errors.', [
      { field, message: `${field} must not be in the future` },
    ]);
  }
}

/** The end of a period comes no earlier than its start. */
export function assertEndsAfterStart(field: string, start: Date, end: Date): void {
  if (end.getTime() < start.getTime()) {
    throw new InvalidInputError('The encounter has invalid fields; see errors.', [
      { field, message: `${field} must not be before the encounter's start` },
    ]);
  }
}
