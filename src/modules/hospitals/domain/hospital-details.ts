import { canonicalTimeZone, type InvalidField, InvalidInputError } from '@hms/ddd';
import { checkPhone, checkRequiredText } from './hospital-fields.js';

/** What the registry says about a hospital; `batchId` and the rest are not the caller's to set. */
export interface HospitalDetails {
  readonly name: string;
  readonly address: string;
  readonly phone: string | null;
  readonly isActive: boolean;
  readonly timeZone: string;
}

/**
 * Checks new or changed details (trimmed strings; undefined leaves a field
 * alone) and answers them with the time zone in its usual spelling. Every
 * broken rule is reported at once, as a 400 naming the fields.
 */
export function checkHospitalDetails(details: Partial<HospitalDetails>): Partial<HospitalDetails> {
  const problems: InvalidField[] = [];
  const text = (field: 'name' | 'address') => {
    const value = details[field];
    const problem = value === undefined ? undefined : checkRequiredText(field, value);
    if (problem) problems.push({ field, message: problem });
  };
  text('name');
  text('address');
  if (details.phone !== undefined && details.phone !== null) {
    const problem = checkPhone(details.phone);
    if (problem) problems.push({ field: 'phone', message: problem });
  }
  let timeZone: string | undefined;
  if (details.timeZone !== undefined) {
    timeZone = canonicalTimeZone(details.timeZone);
    if (!timeZone)
      problems.push({ field: 'timeZone', message: 'timeZone must be an IANA time zone such as Europe/Lisbon or UTC' });
  }
  if (problems.length > 0) throw new InvalidInputError('The hospital has invalid fields; see errors.', problems);
  return timeZone === undefined ? details : { ...details, timeZone };
}
