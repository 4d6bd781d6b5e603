import { DomainError } from '@hms/ddd';

export class MergeIntoItselfError extends DomainError<'PATIENT.MERGE_INTO_ITSELF'> {
  readonly code = 'PATIENT.MERGE_INTO_ITSELF' as const;
  override readonly fields = [{ field: 'intoPatientId', message: 'intoPatientId must be another patient' }];

  constructor(patientId: string) {
    super('A patient cannot be merged into itself.', { patientId });
  }
}
