import { DomainError } from '@hms/ddd';
import type { ExternalIdentifier } from './external-identifier.js';
import type { PatientStatus } from './patient-status.js';

/** A registered patient who may be the one being registered, and whom the caller may read: identifiers only, never names or birth dates. */
export interface DuplicateCandidate {
  readonly id: string;
  readonly mrn: string;
  /** Other systems' MRNs, identifiers like the MRN (ADR 38). */
  readonly externalIdentifiers: readonly ExternalIdentifier[];
  readonly registeringHospitalId: string;
  readonly status: PatientStatus;
}

const CONFIRM = 'repeat the request with ?allowDuplicate=true if this is a different person. Nothing was registered.';

function messageOf(listed: number, outsideScope: number): string {
  const outside =
    outsideScope === 1
      ? '1 possible duplicate is outside your scope'
      : `${outsideScope} possible duplicates are outside your scope`;
  if (outsideScope === 0) {
    return `A patient with the same name and date of birth is already registered (see candidates). Use that record, or ${CONFIRM}`;
  }
  if (listed === 0) {
    return `A patient with the same name and date of birth may already be registered: ${outside}. Ask a registrar who can see it, or ${CONFIRM}`;
  }
  return (
    `A patient with the same name and date of birth is already registered (see candidates), and ${outside}. ` +
    `Use a listed record, ask a registrar who can see the others, or ${CONFIRM}`
  );
}

/**
 * Same name and birth date as registered patients: those the caller may read
 * are listed, the others only counted (their ids, MRNs, hospitals and
 * statuses are not the caller's to know). The client confirms with ?allowDuplicate=true.
 */
export class PossibleDuplicateError extends DomainError<'PATIENT.POSSIBLE_DUPLICATE'> {
  readonly code = 'PATIENT.POSSIBLE_DUPLICATE' as const;

  constructor(candidates: readonly DuplicateCandidate[], candidatesOutsideScope: number) {
    super(messageOf(candidates.length, candidatesOutsideScope), {
      candidates: candidates.map((c) => ({
        id: c.id,
        mrn: c.mrn,
        externalIdentifiers: c.externalIdentifiers,
        registeringHospitalId: c.registeringHospitalId,
        status: c.status,
      })),
      candidatesOutsideScope,
    });
  }
}
