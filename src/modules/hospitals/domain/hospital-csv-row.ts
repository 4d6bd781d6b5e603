import type { CsvProblem } from './csv-problem.js';
import type { CsvLayout } from './hospital-csv-layout.js';
import { checkPhone, checkRequiredText } from './hospital-fields.js';

/** One valid data row of an import file, cells trimmed. */
export interface HospitalCsvRow {
  readonly row: number;
  readonly name: string;
  readonly address: string;
  readonly phone: string | null;
}

export type RowReading = { readonly hospital: HospitalCsvRow } | { readonly problems: readonly CsvProblem[] };

/** A record whose cells are all blank (`,,` or spaces) reads as a blank line: skipped, not counted. */
export function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Applies the row rules to the cells of data row `row`; every problem of the row is reported. */
export function readHospitalRow(cells: readonly string[], layout: CsvLayout, row: number): RowReading {
  if (cells.length !== layout.width) {
    return {
      problems: [{ row, column: null, message: `The row has ${cells.length} cells where the header has ${layout.width}` }],
    };
  }
  const name = cells[layout.name].trim();
  const address = cells[layout.address].trim();
  const phone = layout.phone === null ? '' : cells[layout.phone].trim();
  const problems: CsvProblem[] = [];
  const nameProblem = checkRequiredText('name', name);
  if (nameProblem) problems.push({ row, column: 'name', message: nameProblem });
  const addressProblem = checkRequiredText('address', address);
  if (addressProblem) problems.push({ row, column: 'address', message: addressProblem });
  const phoneProblem = phone === '' ? undefined : checkPhone(phone);
  if (phoneProblem) problems.push({ row, column: 'phone', message: phoneProblem });
  if (problems.length > 0) return { problems };
  return { hospital: { row, name, address, phone: phone === '' ? null : phone } };
}

/** Two rows name the same hospital when name and address match, trimmed and whatever their case. */
export function duplicateKey(hospital: Pick<HospitalCsvRow, 'name' | 'address'>): string {
  const normal = (value: string) => value.normalize('NFC').toLowerCase();
  return `${normal(hospital.name)}\u0000${normal(hospital.address)}`;
}
