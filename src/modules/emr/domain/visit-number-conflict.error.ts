import { DomainError } from '@hms/ddd';

/** `another-patient`: the number is another patient's visit; `another-visit`: this patient's, on another date or for another reason. */
export type VisitNumberConflict = 'another-patient' | 'another-visit';

/**
 * A visit from another system whose account number the hospital already
 * holds for something else. Names no patient, date or reason: the sender
 * learns only which of the two it is.
 */
export class VisitNumberConflictError extends DomainError<'EMR.VISIT_NUMBER_CONFLICT'> {
  readonly code = 'EMR.VISIT_NUMBER_CONFLICT' as const;
  override readonly fields = [
    { field: 'accountNumber', message: 'accountNumber already belongs to another visit of this hospital' },
  ];

  constructor(readonly conflict: VisitNumberConflict) {
    super(
      conflict === 'another-patient'
        ? 'This hospital already holds this visit account number for another patient. Nothing was recorded.'
        : 'This hospital already holds this visit account number for another visit of this patient. Nothing was recorded.',
      { conflict },
    );
  }
}
