import type { CsvProblem } from '../domain/csv-problem.js';
import type { HospitalCsvRow } from '../domain/hospital-csv-row.js';

/** The rows read since the last stored chunk: valid ones to store, failed ones to report. Bounded by the chunk size. */
export class ImportChunk {
  readonly rows: HospitalCsvRow[] = [];
  readonly problems: CsvProblem[] = [];
  /** Rows with at least one problem. */
  failedRows = 0;
  /** The highest data row read into this chunk. */
  lastRow = 0;

  get size(): number {
    return this.rows.length + this.failedRows;
  }

  addRow(hospital: HospitalCsvRow): void {
    this.rows.push(hospital);
    this.lastRow = hospital.row;
  }

  addFailure(row: number, problems: readonly CsvProblem[]): void {
    this.problems.push(...problems);
    this.failedRows += 1;
    this.lastRow = row;
  }
}
