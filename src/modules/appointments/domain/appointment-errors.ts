import { DomainError } from '@hms/ddd';
import type { AppointmentErrorCode } from './appointment-error-code.js';

/**
 * A booking rule, or a rule of what may follow a booking, refused the
 * request. `details` says what would be allowed where it can (the next free
 * slot, the limit, the earliest instant), never anything about a patient.
 */
export class AppointmentRuleError<C extends AppointmentErrorCode = AppointmentErrorCode> extends DomainError<C> {
  constructor(
    readonly code: C,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, details);
  }
}
