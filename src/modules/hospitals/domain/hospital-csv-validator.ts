import { CsvError, parse } from 'csv-parse';
import { pipeline } from 'node:stream';
import type { CsvProblem } from './csv-problem.js';
import { describeCsvError, HOSPITAL_CSV_FORMAT } from './hospital-csv-format.js';
import { HospitalCsvRecords } from './hospital-csv-records.js';
import { duplicateKey } from './hospital-csv-row.js';
import { KeyHashSet } from './key-hash-set.js';

export interface CsvLimits {
  /** HOSPITAL_IMPORT_MAX_ROWS. */
  readonly maxRows: number;
}

/** Reads the file from its start, in chunks; each call is one more pass over it. */
export type FileReader = () => AsyncIterable<Uint8Array>;

export type CsvValidation =
  | { readonly valid: true; readonly totalRows: number }
  | { readonly valid: false; readonly problems: readonly CsvProblem[]; readonly problemCount: number };

/** Problems listed in one answer; past this many only the count grows. */
export const MAX_REPORTED_PROBLEMS = 1_000;

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

/** Decodes chunk by chunk (no copy of the whole file): UTF-8 text with something in it, or why not. */
async function checkEncoding(read: FileReader): Promise<'text' | keyof typeof ENCODING_PROBLEMS> {
  // fatal: an invalid sequence (Latin-1, UTF-16, a binary file) throws instead of becoming U+FFFD.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Without a chunk: the end, where a sequence cut short throws too.
  const decode = (chunk?: Uint8Array) => {
    try {
      return decoder.decode(chunk, { stream: chunk !== undefined });
    } catch {
      return undefined;
    }
  };
  let blank = true;
  const look = (text: string | undefined) => {
    if (text === undefined) return 'not-utf8';
    if (text.includes('\u0000')) return 'binary';
    if (blank && text.trim() !== '') blank = false;
    return undefined;
  };
  for await (const chunk of read()) {
    const problem = look(decode(chunk));
    if (problem) return problem;
  }
  return look(decode()) ?? (blank ? 'blank' : 'text');
}

/** Thrown from inside the tokeniser's callback to stop reading a file once its answer is known. */
const STOP_READING = new Error('stop reading');

/**
 * One pass over the file's records, tokenised as the worker tokenises
 * them, each handed to `onRecord` as the tokeniser produces it (so every
 * record before a tokeniser error is seen) and then dropped; `onRecord`
 * answers false to stop reading. Resolves with the tokeniser's error code
 * when it met broken CSV; rejects when the file could not be read.
 */
function readRecords(read: FileReader, onRecord: (cells: string[]) => boolean): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const parser = parse({
      ...HOSPITAL_CSV_FORMAT,
      on_record: (cells: string[]) => {
        if (!onRecord(cells)) throw STOP_READING;
        return null;
      },
    });
    // pipeline destroys both ends on an error or a stop, so the file is closed either way.
    pipeline(read(), parser, (error) => {
      if (!error || error === STOP_READING) resolve(undefined);
      else if (error instanceof CsvError) resolve(error.code);
      else reject(error);
    });
    // Nothing is pushed (on_record answers null); flowing lets the parser end.
    parser.resume();
  });
}

/** Two row-ordered lists as one, each item's order kept among equal rows. */
function mergeByRow(a: readonly CsvProblem[], b: readonly CsvProblem[]): CsvProblem[] {
  const merged: CsvProblem[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (a[i].row ?? Infinity) <= (b[j].row ?? Infinity))) merged.push(a[i++]);
    else merged.push(b[j++]);
  }
  return merged;
}

/**
 * The CSV rules of a hospital import, checked on the whole file before
 * anything is stored: UTF-8 text (a BOM is fine; NUL bytes or invalid
 * sequences are not), a header of name, address and optional phone, at
 * least one and at most `maxRows` data rows, every row valid, and no row
 * repeating an earlier row's name and address. Every problem is reported.
 *
 * The file is read as a stream, in up to three passes, and nothing of it is
 * kept but the problems: the encoding first, then the records, checked as
 * the tokeniser produces them, with a 64-bit hash of each row's key in a
 * KeyHashSet to find repeats. A hash seen twice may be a repeat or two keys
 * sharing a hash, so only if some hash was seen twice does a third pass
 * compare the keys of those rows, exactly.
 */
export async function validateHospitalCsv(
  read: FileReader,
  limits: CsvLimits,
  keys: KeyHashSet = new KeyHashSet(),
): Promise<CsvValidation> {
  const encoding = await checkEncoding(read);
  if (encoding !== 'text') return fileProblem(ENCODING_PROBLEMS[encoding]);

  const records = new HospitalCsvRecords();
  const problems: CsvProblem[] = [];
  let problemCount = 0;
  const report = (found: readonly CsvProblem[]) => {
    problemCount += found.length;
    for (const problem of found) if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(problem);
  };
  const repeatedHashes = keys.sibling();
  let header: readonly CsvProblem[] | undefined;
  let tooManyRows = false;

  const csvError = await readRecords(read, (cells) => {
    const reading = records.accept(cells);
    switch (reading.kind) {
      case 'header-problems':
        // The first record: no row was read before it, and none is read after.
        header = reading.problems;
        return false;
      case 'row-problems':
        report(reading.problems);
        break;
      case 'row': {
        const key = duplicateKey(reading.hospital);
        if (!keys.add(key)) repeatedHashes.add(key);
        break;
      }
      default:
        break;
    }
    tooManyRows = records.rowCount > limits.maxRows;
    return !tooManyRows;
  });
  if (header) return { valid: false, problems: header.slice(0, MAX_REPORTED_PROBLEMS), problemCount: header.length };
  if (tooManyRows) {
    return fileProblem(
      `The file has more than ${limits.maxRows} data rows, the most one import may hold (HOSPITAL_IMPORT_MAX_ROWS)`,
    );
  }
  if (csvError !== undefined) report([{ row: records.nextRow, column: null, message: describeCsvError(csvError) }]);

  if (repeatedHashes.size > 0) {
    const repeats = await findRepeats(read, repeatedHashes);
    problemCount += repeats.count;
    problems.splice(0, problems.length, ...mergeByRow(problems, repeats.problems).slice(0, MAX_REPORTED_PROBLEMS));
  }

  if (problemCount > 0) return { valid: false, problems, problemCount };
  if (!records.hasHeader) return fileProblem('The file is empty');
  if (records.rowCount === 0) return fileProblem('The file has a header but no data rows');
  return { valid: true, totalRows: records.rowCount };
}

/**
 * The third pass: rows whose key hash was seen twice, compared by their
 * keys, so a repeat is reported exactly and two keys that merely share a
 * hash are not. It keeps the keys of those rows only.
 */
async function findRepeats(read: FileReader, suspects: KeyHashSet): Promise<{ problems: CsvProblem[]; count: number }> {
  const records = new HospitalCsvRecords();
  const firstRowOf = new Map<string, number>();
  const problems: CsvProblem[] = [];
  let count = 0;
  // Rows stop where the second pass's tokeniser error stopped them: the same error, met again.
  await readRecords(read, (cells) => {
    const reading = records.accept(cells);
    if (reading.kind !== 'row') return true;
    const key = duplicateKey(reading.hospital);
    if (!suspects.has(key)) return true;
    const first = firstRowOf.get(key);
    if (first === undefined) firstRowOf.set(key, reading.hospital.row);
    else {
      count += 1;
      if (problems.length < MAX_REPORTED_PROBLEMS)
        problems.push({
          row: reading.hospital.row,
          column: null,
          message: `The row repeats the name and address of row ${first}`,
        });
    }
    return true;
  });
  return { problems, count };
}
