import { DomainError, type InvalidField } from '@hms/ddd';

export class ImportFileMissingError extends DomainError<'HOSPITAL.IMPORT_FILE_MISSING'> {
  readonly code = 'HOSPITAL.IMPORT_FILE_MISSING' as const;
  override readonly fields: readonly InvalidField[];

  constructor(reason = 'Send the CSV file as multipart/form-data in the form field "file"') {
    super(reason);
    this.fields = [{ field: 'file', message: reason }];
  }
}
