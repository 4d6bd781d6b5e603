import { DomainError } from '@hms/ddd';

export class UnsupportedFileTypeError extends DomainError<'HOSPITAL.UNSUPPORTED_FILE_TYPE'> {
  readonly code = 'HOSPITAL.UNSUPPORTED_FILE_TYPE' as const;
  constructor(accepted: readonly string[]) {
    super(`The file part must be a CSV file; send it as one of ${accepted.join(', ')}`, { accepted: [...accepted] });
  }
}
