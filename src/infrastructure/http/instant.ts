import { RequestValidationError } from './request-validation.error.js';

/** A timestamp with its offset: without one the instant would depend on the server's zone. */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant of a value already matching INSTANT_PATTERN; 400 naming the field when it is not a real date and time. */
export function instantOf(field: string, value: string): Date {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime()) || !calendarDateExists(value.slice(0, 10))) {
    throw new RequestValidationError([{ field, message: `${field} is not a real date and time` }]);
  }
  return instant;
}

/** Date would roll 2026-02-31 over into March; the calendar date written must exist as written. */
function calendarDateExists(date: string): boolean {
  const [year, month, day] = date.split('-').map(Number);
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}
