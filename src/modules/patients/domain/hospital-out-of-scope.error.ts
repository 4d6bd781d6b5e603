import { DomainError } from '@hms/ddd';

/** Only callers who may read every patient register at another hospital than their own. */
export class HospitalOutOfScopeError extends DomainError<'PATIENT.HOSPITAL_OUT_OF_SCOPE'> {
  readonly code = 'PATIENT.HOSPITAL_OUT_OF_SCOPE' as const;
  override readonly fields = [{ field: 'registeringHospitalId', message: 'registeringHospitalId must be your own hospital' }];

  constructor(hospitalId: string) {
    super('You may register patients only at your own hospital.', { hospitalId });
  }
}
