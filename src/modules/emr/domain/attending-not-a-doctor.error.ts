import { DomainError } from '@hms/ddd';

export class AttendingNotADoctorError extends DomainError<'EMR.ATTENDING_NOT_A_DOCTOR'> {
  readonly code = 'EMR.ATTENDING_NOT_A_DOCTOR' as const;
  override readonly fields = [
    { field: 'attendingPractitionerId', message: 'attendingPractitionerId must be a user whose profession is doctor' },
  ];

  constructor(userId: string) {
    super('The attending practitioner must be a doctor. Nothing was recorded.', { userId });
  }
}
