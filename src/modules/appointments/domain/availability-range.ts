import type { InvalidField } from '@hms/ddd';

/** The longest range availability is asked for: a month of slots is what a booking screen pages through. */
export const MAX_AVAILABILITY_DAYS = 31;

const DAY = 86_400_000;

/** Field errors of an availability range [from, to): `to` after `from`, at most 31 days later. */
export function availabilityRangeErrors(from: Date, to: Date): InvalidField[] {
  if (to <= from) return [{ field: 'to', message: 'to must be after from' }];
  if (to.getTime() - from.getTime() > MAX_AVAILABILITY_DAYS * DAY) {
    return [{ field: 'to', message: `to must be at most ${MAX_AVAILABILITY_DAYS} days after from` }];
  }
  return [];
}
