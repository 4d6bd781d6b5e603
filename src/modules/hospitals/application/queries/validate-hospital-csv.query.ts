import { Query } from '@nestjs/cqrs';
import type { ImportFile } from '../import-file.js';

/** Checks a file against the import rules without storing anything; answers its data row count. */
export class ValidateHospitalCsv extends Query<{ totalRows: number }> {
  constructor(readonly file: ImportFile) {
    super();
  }
}
