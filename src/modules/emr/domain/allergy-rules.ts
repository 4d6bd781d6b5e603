import { DomainError, InvalidInputError } from '@hms/ddd';
import type { AllergyAssertion, AllergyClinicalStatus, AllergyKind, AllergyVerificationStatus } from './allergy-vocabulary.js';

/** The statuses the one-assertion rule counts: an active record that is not refuted. */
export interface AllergyStatusOf {
  readonly kind: AllergyKind;
  readonly clinicalStatus: AllergyClinicalStatus | null;
  readonly verificationStatus: AllergyVerificationStatus;
}

/** Counts in the rule "never an active no-known-allergies assertion beside an active allergy" (enforced in PostgreSQL too). */
export const isActive = (record: Pick<AllergyStatusOf, 'clinicalStatus' | 'verificationStatus'>) =>
  record.clinicalStatus === 'active' && record.verificationStatus !== 'refuted';

/** "No known allergies" asserted while active allergies (or an active assertion) are on record. */
export class AllergyAssertionConflictError extends DomainError<'EMR.ALLERGY_ASSERTION_CONFLICT'> {
  readonly code = 'EMR.ALLERGY_ASSERTION_CONFLICT' as const;

  constructor(patientId: string, reason: 'active-allergies' | 'already-asserted') {
    super(
      reason === 'active-allergies'
        ? 'Active allergies are on record: resolve or refute them before asserting no known allergies.'
        : 'No known allergies is already asserted and active for this patient.',
      { patientId, reason },
    );
  }
}

/** A record marked entered-in-error is kept as it is: nothing about it changes any more. */
export class RecordEnteredInErrorError extends DomainError<'EMR.RECORD_ENTERED_IN_ERROR'> {
  readonly code = 'EMR.RECORD_ENTERED_IN_ERROR' as const;

  constructor(resourceType: string, id: string) {
    super(`The ${resourceType} is entered-in-error and no longer changes.`, { resourceType, id });
  }
}

/** The list's assertion, from the records the reader is served. */
export function assertionOf(records: readonly AllergyStatusOf[]): AllergyAssertion {
  if (records.length === 0) return 'not-asked';
  if (records.some((r) => r.kind === 'substance' && isActive(r))) return 'has-allergies';
  if (records.some((r) => r.kind === 'no-known-allergies' && isActive(r))) return 'no-known-allergies';
  return 'none-active';
}

/**
 * The statuses after a change (FHIR ait-1, ait-2): entered-in-error clears
 * the clinical status; any other verification needs one (the current one
 * kept, active when there was none). A record already entered in error
 * changes no more (409).
 */
export function nextStatuses(
  id: string,
  current: { readonly clinicalStatus: AllergyClinicalStatus | null; readonly verificationStatus: AllergyVerificationStatus },
  change: { readonly clinicalStatus?: AllergyClinicalStatus; readonly verificationStatus?: AllergyVerificationStatus },
): { clinicalStatus: AllergyClinicalStatus | null; verificationStatus: AllergyVerificationStatus } {
  if (current.verificationStatus === 'entered-in-error') throw new RecordEnteredInErrorError('AllergyIntolerance', id);
  const verificationStatus = change.verificationStatus ?? current.verificationStatus;
  if (verificationStatus === 'entered-in-error') {
    if (change.clinicalStatus !== undefined) {
      throw new InvalidInputError('The allergy has invalid fields; see errors.', [
        { field: 'clinicalStatus', message: 'clinicalStatus must be left out when verificationStatus is entered-in-error' },
      ]);
    }
    return { clinicalStatus: null, verificationStatus };
  }
  return { clinicalStatus: change.clinicalStatus ?? current.clinicalStatus ?? 'active', verificationStatus };
}
