import { DomainError } from '@hms/ddd';

export class MrnTakenError extends DomainError<'PATIENT.MRN_TAKEN'> {
  readonly code = 'PATIENT.MRN_TAKEN' as const;
  override readonly fields = [{ field: 'mrn', message: 'mrn already belongs to another patient' }];

  constructor() {
    super('Another patient already has this medical record number. Nothing was registered.');
  }
}
