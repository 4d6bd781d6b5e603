import { DomainError } from '@hms/ddd';

/** A range whose start lies after its end. */
export class InvalidRangeError extends DomainError<'AUDIT.INVALID_RANGE'> {
  readonly code = 'AUDIT.INVALID_RANGE' as const;
  constructor(start: string, end: string) {
    super(`${start} must not be after ${end}`, { start, end });
  }
}
