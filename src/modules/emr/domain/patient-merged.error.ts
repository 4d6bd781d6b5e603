import { DomainError } from '@hms/ddd';

/** A merged patient record takes no new encounters: they belong on the surviving record, which the answer names. */
export class PatientMergedError extends DomainError<'EMR.PATIENT_MERGED'> {
  readonly code = 'EMR.PATIENT_MERGED' as const;

  constructor(patientId: string, survivingPatientId: string) {
    super('This patient record was merged into another; record the encounter on that one.', { patientId, survivingPatientId });
  }
}
