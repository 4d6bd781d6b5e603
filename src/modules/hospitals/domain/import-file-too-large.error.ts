import { DomainError } from '@hms/ddd';

export class ImportFileTooLargeError extends DomainError<'HOSPITAL.IMPORT_FILE_TOO_LARGE'> {
  readonly code = 'HOSPITAL.IMPORT_FILE_TOO_LARGE' as const;
  constructor(maxBytes: number) {
    super(`The file is larger than the ${maxBytes} bytes an import may hold (HOSPITAL_IMPORT_MAX_BYTES)`, { maxBytes });
  }
}
