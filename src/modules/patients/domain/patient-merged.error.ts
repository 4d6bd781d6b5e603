import { DomainError } from '@hms/ddd';

/** A merged record is a pointer to another one: it is not changed any more. */
export class PatientMergedError extends DomainError<'PATIENT.MERGED'> {
  readonly code = 'PATIENT.MERGED' as const;

  constructor(patientId: string, mergedIntoId: string | null) {
    super('This patient record was merged into another; change that one instead.', { patientId, mergedIntoId });
  }
}
