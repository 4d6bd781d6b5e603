import { Query } from '@nestjs/cqrs';

/** Checks a file against the import rules without storing anything; answers its data row count. */
export class ValidateHospitalCsv extends Query<{ totalRows: number }> {
  constructor(readonly file: Buffer) {
    super();
  }
}
