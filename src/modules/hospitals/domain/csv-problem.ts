/**
 * One problem found in an import file. `row` counts data rows from 1 (the
 * first record after the header; blank lines are not counted), 0 is the
 * header, null the file as a whole. `column` names the column concerned,
 * or is null when the problem is the row's (or the file's) as a whole.
 * Messages never quote the file's content.
 */
export interface CsvProblem {
  readonly row: number | null;
  readonly column: string | null;
  readonly message: string;
}

/** The `field` of a problem-details entry: `file`, `header`, `header: name`, `row 3`, `row 3: phone`. */
export function problemField(problem: CsvProblem): string {
  const where = problem.row === null ? 'file' : problem.row === 0 ? 'header' : `row ${problem.row}`;
  return problem.column ? `${where}: ${problem.column}` : where;
}
