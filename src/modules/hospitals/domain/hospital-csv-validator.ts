import { parse } from 'csv-parse/sync';
import type { CsvProblem } from './csv-problem.js';
import { describeCsvError, HOSPITAL_CSV_FORMAT } from './hospital-csv-format.js';
import { HospitalCsvRecords } from './hospital-csv-records.js';
import { duplicateKey } from './hospital-csv-row.js';

export interface CsvLimits {
  /** HOSPITAL_IMPORT_MAX_ROWS. */
  readonly maxRows: number;
}

export type CsvValidation =
  | { readonly valid: true; readonly totalRows: number }
  | { readonly valid: false; readonly problems: readonly CsvProblem[]; readonly problemCount: number };

/** Problems listed in one answer; past this many only the count grows. */
export const MAX_REPORTED_PROBLEMS = 1_000;

/** Thrown from inside the tokeniser's callback to stop reading a file already known to be refused. */
const STOP_READING = new Error('stop reading');

const fileProblem = (message: string): CsvValidation => ({
  valid: false,
  problems: [{ row: null, column: null, message }],
  problemCount: 1,
});

const ENCODING_PROBLEMS = {
  'not-utf8': 'The file is not UTF-8 text; save it as "CSV UTF-8" and upload it again',
  binary: 'The file holds binary data (NUL bytes), not CSV text',
  blank: 'The file is empty',
} as const;

/** Decodes slice by slice (no copy of the whole file): UTF-8 text with something in it, or why not. */
function checkEncoding(bytes: Uint8Array): 'text' | keyof typeof ENCODING_PROBLEMS {
  // fatal: an invalid sequence (Latin-1, UTF-16, a binary file) throws instead of becoming U+FFFD.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const slice = 64 * 1024;
  let blank = true;
  try {
    for (let start = 0; start < bytes.length; start += slice) {
      const text = decoder.decode(bytes.subarray(start, start + slice), { stream: start + slice < bytes.length });
      if (text.includes('\u0000')) return 'binary';
      if (blank && text.trim() !== '') blank = false;
    }
  } catch {
    return 'not-utf8';
  }
  return blank ? 'blank' : 'text';
}

/**
 * The CSV rules of a hospital import, checked on the whole file before
 * anything is stored: UTF-8 text (a BOM is fine; NUL bytes or invalid
 * sequences are not), a header of name, address and optional phone, at
 * least one and at most `maxRows` data rows, every row valid, and no row
 * repeating an earlier row's name and address. Every problem is reported.
 *
 * Records are checked as the tokeniser produces them and never collected;
 * only one key per row is kept, to find repeats.
 */
export function validateHospitalCsv(bytes: Uint8Array, limits: CsvLimits): CsvValidation {
  if (bytes.length === 0) return fileProblem('The file is empty');
  const encoding = checkEncoding(bytes);
  if (encoding !== 'text') return fileProblem(ENCODING_PROBLEMS[encoding]);

  const records = new HospitalCsvRecords();
  const problems: CsvProblem[] = [];
  let problemCount = 0;
  const report = (found: readonly CsvProblem[]) => {
    problemCount += found.length;
    for (const problem of found) if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(problem);
  };
  const firstRowOf = new Map<string, number>();
  let tooManyRows = false;

  try {
    parse(bytes, {
      ...HOSPITAL_CSV_FORMAT,
      on_record: (cells: string[]) => {
        const reading = records.accept(cells);
        switch (reading.kind) {
          case 'header-problems':
            report(reading.problems);
            throw STOP_READING;
          case 'row-problems':
            report(reading.problems);
            break;
          case 'row': {
            const key = duplicateKey(reading.hospital);
            const first = firstRowOf.get(key);
            if (first === undefined) firstRowOf.set(key, reading.hospital.row);
            else
              report([
                { row: reading.hospital.row, column: null, message: `The row repeats the name and address of row ${first}` },
              ]);
            break;
          }
          default:
            break;
        }
        if (records.rowCount > limits.maxRows) {
          tooManyRows = true;
          throw STOP_READING;
        }
        // Nothing is kept: the tokeniser's result stays an empty array.
        return null;
      },
    });
  } catch (error) {
    if (error !== STOP_READING) {
      report([{ row: records.nextRow, column: null, message: describeCsvError((error as { code?: string }).code) }]);
    }
  }

  if (tooManyRows) {
    return fileProblem(
      `The file has more than ${limits.maxRows} data rows, the most one import may hold (HOSPITAL_IMPORT_MAX_ROWS)`,
    );
  }
  if (problemCount > 0) return { valid: false, problems, problemCount };
  if (!records.hasHeader) return fileProblem('The file is empty');
  if (records.rowCount === 0) return fileProblem('The file has a header but no data rows');
  return { valid: true, totalRows: records.rowCount };
}
