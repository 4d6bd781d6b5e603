import type { InvalidField } from '@hms/ddd';
import { addDays, instantAt, localTimeOf, weekdayOf } from './wall-clock.js';

/** A recurring series: daily or weekly on some weekdays, up to a last local date or a number of occurrences. */
export interface Recurrence {
  readonly frequency: 'daily' | 'weekly';
  /** Weekly only: ISO weekdays (Monday 1); the first start's weekday when left out. */
  readonly daysOfWeek?: readonly number[];
  /** The last local date an occurrence may fall on. */
  readonly until?: string;
  readonly count?: number;
}

export const MAX_OCCURRENCES = 52;
/** Past this many local days the series is refused: a year is enough for dialysis or physiotherapy plans. */
const MAX_SPAN_DAYS = 366;

export function recurrenceErrors(recurrence: Recurrence, firstDate: string): InvalidField[] {
  const errors: InvalidField[] = [];
  if ((recurrence.until === undefined) === (recurrence.count === undefined)) {
    errors.push({ field: 'recurrence', message: 'give either until (a last date) or count, not both' });
  }
  if (recurrence.count !== undefined && (recurrence.count < 1 || recurrence.count > MAX_OCCURRENCES)) {
    errors.push({ field: 'recurrence.count', message: `count must be 1 to ${MAX_OCCURRENCES}` });
  }
  if (recurrence.until !== undefined && recurrence.until < firstDate) {
    errors.push({ field: 'recurrence.until', message: 'until must not be before the first start' });
  }
  if (recurrence.frequency === 'daily' && recurrence.daysOfWeek !== undefined) {
    errors.push({ field: 'recurrence.daysOfWeek', message: 'daysOfWeek applies to a weekly series only' });
  }
  return errors;
}

/**
 * The occurrences' starts: the first start's wall-clock time on every
 * matching local date, each turned into an instant on its own date, so a
 * series at 09:00 stays at 09:00 across a daylight-saving change. At most
 * MAX_OCCURRENCES; a wall-clock time a change skips gives null (refused).
 */
export function occurrencesOf(first: Date, recurrence: Recurrence, zone: string): { date: string; start: Date | null }[] {
  const local = localTimeOf(first, zone);
  const days = new Set(recurrence.frequency === 'weekly' ? (recurrence.daysOfWeek ?? [local.weekday]) : [1, 2, 3, 4, 5, 6, 7]);
  const limit = Math.min(recurrence.count ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  const out: { date: string; start: Date | null }[] = [];
  for (let date = local.date, n = 0; out.length < limit && n <= MAX_SPAN_DAYS; date = addDays(date, 1), n++) {
    if (recurrence.until !== undefined && date > recurrence.until) break;
    if (!days.has(weekdayOf(date))) continue;
    out.push({ date, start: date === local.date ? first : (instantAt(date, local.minutes, zone) ?? null) });
  }
  return out;
}
