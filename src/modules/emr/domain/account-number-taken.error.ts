import { DomainError } from '@hms/ddd';

export class AccountNumberTakenError extends DomainError<'EMR.ACCOUNT_NUMBER_TAKEN'> {
  readonly code = 'EMR.ACCOUNT_NUMBER_TAKEN' as const;
  override readonly fields = [
    { field: 'accountNumber', message: 'accountNumber already belongs to another encounter of this hospital' },
  ];

  constructor() {
    super('Another encounter of this hospital already has this visit account number. Nothing was recorded.');
  }
}
