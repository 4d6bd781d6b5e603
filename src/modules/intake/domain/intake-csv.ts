import type { Options } from 'csv-parse';
import { INTAKE_FIELDS } from './intake-record.js';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * One cell of a stored intake file, verbatim (RFC 4180): quoted when it holds
 * a comma, quote or line break, or starts or ends with a space, quotes
 * doubled. Nothing is added to formula-like text: the stored file is the
 * record as sent, and only exports guard against spreadsheets (csvCell).
 */
export function storedCell(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The stored file's header line. */
export const INTAKE_CSV_HEADER = `${INTAKE_FIELDS.join(',')}\r\n`;

/** A JSON record as a line of the stored file, its fields in INTAKE_FIELDS order; a missing or null field is an empty cell. */
export function intakeCsvLine(record: Readonly<Record<string, string | null | undefined>>): string {
  return `${INTAKE_FIELDS.map((field) => storedCell(record[field] ?? '')).join(',')}\r\n`;
}

/**
 * How intake files are tokenised, on upload and in the worker alike, so both
 * number records the same: RFC 4180 quoting (commas, quotes and line breaks
 * inside quoted cells), a UTF-8 byte order mark dropped, CRLF, LF or CR line
 * ends, empty lines skipped, rows of any length (a wrong cell count is that
 * record's error), and no record longer than the longest valid one could be.
 */
export const INTAKE_CSV_FORMAT: Options = {
  bom: true,
  delimiter: ',',
  quote: '"',
  escape: '"',
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_column_count: true,
  skip_empty_lines: true,
  max_record_size: 16 * 1024,
};
