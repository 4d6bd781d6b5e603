import { RequestValidationError } from '../../../infrastructure/http/request-validation.error.js';

/** The instant of an asOf value already in the right form; 400 when it is not a real date and time, or lies ahead. */
export function asOfInstant(value: string, now = new Date()): Date {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime()) || !calendarDateExists(value.slice(0, 10))) {
    throw new RequestValidationError([{ field: 'asOf', message: 'asOf is not a real date and time' }]);
  }
  if (instant > now) throw new RequestValidationError([{ field: 'asOf', message: 'asOf must not be in the future' }]);
  return instant;
}

/** Date would roll 2026-02-31 over into March; the calendar date written must exist as written. */
function calendarDateExists(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number);
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}
