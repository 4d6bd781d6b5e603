import { DomainError, type InvalidField } from '@hms/ddd';

/** No such user, a deactivated one, or one placed in another hospital than the encounter's. */
export class UnknownPractitionerError extends DomainError<'EMR.UNKNOWN_PRACTITIONER'> {
  readonly code = 'EMR.UNKNOWN_PRACTITIONER' as const;
  override readonly fields: readonly InvalidField[];

  constructor(field: string, userId: string) {
    super('A practitioner named is not an active user of the encounter’s hospital. Nothing was recorded.', { userId });
    this.fields = [{ field, message: `${field} must name active users of the encounter's hospital` }];
  }
}
