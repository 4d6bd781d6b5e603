import { DomainError } from '@hms/ddd';

/** A supplied MRN of the right shape whose last digit is not the Luhn check digit of the digits before it (a typo). */
export class MrnCheckDigitError extends DomainError<'PATIENT.MRN_CHECK_DIGIT'> {
  readonly code = 'PATIENT.MRN_CHECK_DIGIT' as const;
  override readonly fields = [
    { field: 'mrn', message: 'mrn must end with the Luhn check digit of the digits before it; check it for a typo' },
  ];

  constructor() {
    super('The medical record number fails its check digit; it was probably mistyped.');
  }
}
