import {
  codePointLength,
  dateInTimeZone,
  type InvalidField,
  InvalidInputError,
  isCalendarDate,
  isUuid,
  startOfDateInTimeZone,
} from '@hms/ddd';
import { ACCOUNT_NUMBER_FORMAT, isValidAccountNumber } from './account-number.js';
import { MAX_REASON_LENGTH } from './encounter-reason.js';
import type { VisitNumberConflict } from './visit-number-conflict.error.js';

/** A visit as another system reports it: where, its number, its day and why. */
export interface ReportedVisit {
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly accountNumber: string;
  readonly visitDate: string;
  readonly reasonText: string;
}

const INVALID = 'The visit has invalid fields; see errors.';

/** Every field of a reported visit at fault, at once (nothing is looked up yet). */
export function visitFieldErrors(visit: ReportedVisit): InvalidField[] {
  const errors: InvalidField[] = [];
  if (!isUuid(visit.hospitalId)) errors.push({ field: 'hospitalId', message: 'hospitalId must be a UUID' });
  if (!isUuid(visit.departmentId)) errors.push({ field: 'departmentId', message: 'departmentId must be a UUID' });
  if (!isValidAccountNumber(visit.accountNumber)) {
    errors.push({ field: 'accountNumber', message: `accountNumber must be ${ACCOUNT_NUMBER_FORMAT}` });
  }
  if (!isCalendarDate(visit.visitDate))
    errors.push({ field: 'visitDate', message: 'visitDate must be a calendar date, YYYY-MM-DD' });
  const reasonLength = codePointLength(visit.reasonText.trim());
  if (reasonLength === 0 || codePointLength(visit.reasonText) > MAX_REASON_LENGTH) {
    errors.push({ field: 'reasonText', message: `reasonText must be 1 to ${MAX_REASON_LENGTH} characters` });
  }
  return errors;
}

export function assertValidVisit(visit: ReportedVisit): void {
  const errors = visitFieldErrors(visit);
  if (errors.length > 0) throw new InvalidInputError(INVALID, errors);
}

/** A finished encounter's period. */
export interface VisitPeriod {
  readonly start: Date;
  readonly end: Date;
}

/**
 * The period of a visit known by its date only (ADR 39): it starts and ends
 * when that date begins on the hospital's wall clocks, so the period's start
 * names the sender's date again in the hospital's calendar, and no duration
 * or hour is made up. A date after the hospital's today is refused (400).
 */
export function visitPeriod(visitDate: string, timeZone: string, now: Date): VisitPeriod {
  if (visitDate > dateInTimeZone(now, timeZone)) {
    throw new InvalidInputError(INVALID, [{ field: 'visitDate', message: 'visitDate must not be after the hospital’s today' }]);
  }
  const start = startOfDateInTimeZone(visitDate, timeZone);
  return { start, end: start };
}

/** The encounter already holding a visit's account number, as the comparison needs it. */
export interface HeldVisit {
  /** Whether it is filed under the visit's patient (or a record merged into it). */
  readonly samePatient: boolean;
  /** Its period's start as a date in the hospital's time zone; null when it has none. */
  readonly visitDate: string | null;
  readonly reasonText: string | null;
}

/**
 * A visit whose account number the hospital already holds: the same
 * patient, date and reason is the same visit sent again (a duplicate, not an
 * error); anything else is a conflict the sender must resolve.
 */
export function compareWithHeld(
  held: HeldVisit,
  visit: Pick<ReportedVisit, 'visitDate' | 'reasonText'>,
): 'duplicate' | VisitNumberConflict {
  if (!held.samePatient) return 'another-patient';
  return held.visitDate === visit.visitDate && held.reasonText === visit.reasonText ? 'duplicate' : 'another-visit';
}
