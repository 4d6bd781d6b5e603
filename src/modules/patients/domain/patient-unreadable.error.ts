import { DomainError } from '@hms/ddd';

/**
 * A stored ciphertext failed authentication: edited, moved from another
 * column or row, or written under a key the ring no longer holds. Nothing
 * of the record is served; the id is the only thing said or logged.
 */
export class PatientUnreadableError extends DomainError<'PATIENT.UNREADABLE'> {
  readonly code = 'PATIENT.UNREADABLE' as const;

  constructor(patientId: string) {
    super(
      `Patient ${patientId} cannot be read: its stored data failed an integrity check; the failure is logged for operators.`,
      {
        patientId,
      },
    );
  }
}
