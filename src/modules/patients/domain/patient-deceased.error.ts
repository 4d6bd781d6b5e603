import { DomainError } from '@hms/ddd';

export class PatientDeceasedError extends DomainError<'PATIENT.DECEASED'> {
  readonly code = 'PATIENT.DECEASED' as const;

  constructor(patientId: string) {
    super('This patient is recorded as deceased; that status is not changed back to inactive.', { patientId });
  }
}
