import { DomainError } from '@hms/ddd';
import type { PatientStatus } from './patient-status.js';

/** A registered patient who may be the one being registered: identifiers only, never names or birth dates. */
export interface DuplicateCandidate {
  readonly id: string;
  readonly mrn: string;
  readonly registeringHospitalId: string;
  readonly status: PatientStatus;
}

/** Same name and birth date as a registered patient; the client confirms with ?allowDuplicate=true. */
export class PossibleDuplicateError extends DomainError<'PATIENT.POSSIBLE_DUPLICATE'> {
  readonly code = 'PATIENT.POSSIBLE_DUPLICATE' as const;

  constructor(candidates: readonly DuplicateCandidate[]) {
    super(
      'A patient with the same name and date of birth is already registered. Use that record, or repeat the request with ' +
        '?allowDuplicate=true if this is a different person. Nothing was registered.',
      { candidates: candidates.map((c) => ({ ...c })) },
    );
  }
}
