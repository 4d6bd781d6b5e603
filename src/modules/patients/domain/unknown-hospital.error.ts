import { DomainError } from '@hms/ddd';

export class UnknownHospitalError extends DomainError<'PATIENT.UNKNOWN_HOSPITAL'> {
  readonly code = 'PATIENT.UNKNOWN_HOSPITAL' as const;
  override readonly fields = [{ field: 'registeringHospitalId', message: 'registeringHospitalId names no registered hospital' }];

  constructor(hospitalId: string) {
    super('The registering hospital does not exist.', { hospitalId });
  }
}
