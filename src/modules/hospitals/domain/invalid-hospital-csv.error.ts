import { DomainError, type InvalidField } from '@hms/ddd';
import { type CsvProblem, problemField } from './csv-problem.js';

/** A problem-details entry: the usual field and message, plus where in the file. */
export type CsvFieldError = InvalidField & CsvProblem;

/** The import file breaks the CSV rules; `fields` lists every problem found (up to the reporting cap). */
export class InvalidHospitalCsvError extends DomainError<'HOSPITAL.INVALID_CSV'> {
  readonly code = 'HOSPITAL.INVALID_CSV' as const;
  override readonly fields: readonly CsvFieldError[];

  constructor(problems: readonly CsvProblem[], problemCount: number) {
    super(
      problems.length === 1 && problems[0].row === null
        ? problems[0].message
        : `The CSV file has ${problemCount} problem(s); see errors. Nothing was imported.`,
      { problemCount },
    );
    this.fields = problems.map((p) => ({ field: problemField(p), message: p.message, row: p.row, column: p.column }));
  }
}
