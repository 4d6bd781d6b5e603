import type { DomainError } from '@hms/ddd';
import type { IntakeField } from './intake-record.js';

/** One reason a record was refused: an intake field (or `record` for the row as a whole) and what is wrong. */
export interface RecordFailure {
  readonly field: IntakeField | 'record';
  readonly message: string;
}

/** The patients' and the EMR's names for what a record's fields became. */
const FIELD_OF: Readonly<Record<string, IntakeField>> = {
  firstName: 'first_name',
  lastName: 'last_name',
  dateOfBirth: 'birth_date',
  birthDate: 'birth_date',
  mrn: 'mrn',
  value: 'mrn',
  accountNumber: 'visit_account_number',
  reasonText: 'reason',
  visitDate: 'visit_date',
  periodStart: 'visit_date',
};

const NOT_IN_SCOPE = 'the patient holding this MRN is outside what the feed may change (another hospital’s care)';

/**
 * A refusal by the patients context or the EMR, in the feed's own field
 * names. Their messages hold no personal data by rule (DomainError); an
 * error about no particular field is the patient's (`mrn`) or the visit's
 * (`visit_account_number`), by the context that raised it.
 */
export function recordFailure(error: DomainError): RecordFailure[] {
  // A not-found names what was looked for (the sender's MRN): answered in words of our own.
  if (error.code === 'COMMON.NOT_FOUND') return [{ field: 'mrn', message: NOT_IN_SCOPE }];
  const fallback: IntakeField | 'record' = error.code.startsWith('PATIENT.')
    ? 'mrn'
    : error.code.startsWith('EMR.')
      ? 'visit_account_number'
      : 'record';
  if (error.fields && error.fields.length > 0) {
    return error.fields.map((f) => ({ field: FIELD_OF[f.field] ?? fallback, message: f.message }));
  }
  return [{ field: fallback, message: error.message }];
}
