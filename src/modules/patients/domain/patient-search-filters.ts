import { normaliseName, normaliseNationalId, normalisePhone } from '@hms/crypto';
import { type InvalidField, InvalidInputError, isCalendarDate } from '@hms/ddd';
import type { PatientStatus } from './patient-status.js';

/** Filters of GET /patients, combined with AND; personal ones match exactly after normalisation. */
export interface PatientSearchFilters {
  readonly mrn?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly dateOfBirth?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly nationalId?: string;
  readonly status?: PatientStatus;
  readonly registeringHospitalId?: string;
}

export const SEARCH_FILTER_NAMES = [
  'mrn',
  'firstName',
  'lastName',
  'dateOfBirth',
  'phone',
  'email',
  'nationalId',
  'status',
  'registeringHospitalId',
] as const satisfies readonly (keyof PatientSearchFilters)[];

/** The names of the filters in use, for the access events (never their values). */
export function filterNamesOf(filters: PatientSearchFilters): string[] {
  return SEARCH_FILTER_NAMES.filter((name) => filters[name] !== undefined);
}

/**
 * A search must say something searchable: a first name only with a last
 * name (first names alone match too many), and no value that normalises to
 * nothing (`---` as a name would otherwise silently filter on nothing).
 */
export function checkSearchFilters(filters: PatientSearchFilters): void {
  const problems: InvalidField[] = [];
  if (filters.firstName !== undefined && filters.lastName === undefined) {
    problems.push({ field: 'firstName', message: 'firstName can only be searched together with lastName' });
  }
  for (const field of ['firstName', 'lastName'] as const) {
    const value = filters[field];
    if (value !== undefined && normaliseName(value) === '') {
      problems.push({ field, message: `${field} must contain a letter or a digit` });
    }
  }
  if (filters.dateOfBirth !== undefined && !isCalendarDate(filters.dateOfBirth)) {
    problems.push({ field: 'dateOfBirth', message: 'dateOfBirth is not a real calendar date' });
  }
  if (filters.phone !== undefined && normalisePhone(filters.phone) === '') {
    problems.push({ field: 'phone', message: 'phone must contain digits' });
  }
  if (filters.nationalId !== undefined && normaliseNationalId(filters.nationalId) === '') {
    problems.push({ field: 'nationalId', message: 'nationalId must contain a letter or a digit' });
  }
  if (problems.length > 0) throw new InvalidInputError('The search has invalid filters; see errors.', problems);
}
