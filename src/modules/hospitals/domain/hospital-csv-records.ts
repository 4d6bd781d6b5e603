import type { CsvProblem } from './csv-problem.js';
import { type CsvLayout, readHeader } from './hospital-csv-layout.js';
import { type HospitalCsvRow, isBlankRecord, readHospitalRow } from './hospital-csv-row.js';

export type RecordReading =
  | { readonly kind: 'blank' }
  | { readonly kind: 'header'; readonly layout: CsvLayout }
  | { readonly kind: 'header-problems'; readonly problems: readonly CsvProblem[] }
  | { readonly kind: 'row'; readonly hospital: HospitalCsvRow }
  | { readonly kind: 'row-problems'; readonly row: number; readonly problems: readonly CsvProblem[] };

/**
 * Turns the records of an import file, one at a time, into a header and
 * numbered data rows. Validation and the worker both read files through it,
 * so a row number means the same thing in an error, in `hospitals.batch_row`
 * and in `last_row_done`. It holds no rows: memory stays constant.
 */
export class HospitalCsvRecords {
  private layout?: CsvLayout;
  private headerRead = false;
  private rows = 0;

  accept(cells: readonly string[]): RecordReading {
    if (isBlankRecord(cells)) return { kind: 'blank' };
    if (!this.headerRead) {
      this.headerRead = true;
      const reading = readHeader(cells);
      if ('problems' in reading) return { kind: 'header-problems', problems: reading.problems };
      this.layout = reading.layout;
      return { kind: 'header', layout: reading.layout };
    }
    if (!this.layout) throw new Error('rows cannot be read after an invalid header');
    this.rows += 1;
    const reading = readHospitalRow(cells, this.layout, this.rows);
    return 'problems' in reading
      ? { kind: 'row-problems', row: this.rows, problems: reading.problems }
      : { kind: 'row', hospital: reading.hospital };
  }

  get hasHeader(): boolean {
    return this.headerRead;
  }

  /** Data rows read so far. */
  get rowCount(): number {
    return this.rows;
  }

  /** The row a tokeniser error belongs to: the one after the last read, or the header (0) before it. */
  get nextRow(): number {
    return this.headerRead ? this.rows + 1 : 0;
  }
}
