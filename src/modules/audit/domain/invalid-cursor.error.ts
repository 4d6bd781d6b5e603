import { DomainError } from '@hms/ddd';

/** A cursor this API did not hand out, or one from a listing in the other order. */
export class InvalidCursorError extends DomainError<'AUDIT.INVALID_CURSOR'> {
  readonly code = 'AUDIT.INVALID_CURSOR' as const;
  constructor() {
    super('The cursor is malformed or belongs to another listing; start again without a cursor');
  }
}
