import type { Options } from 'csv-parse';

/**
 * How import files are tokenised, the same for the upload's validation and
 * the worker's streaming pass, so both number rows alike: RFC 4180 quoting
 * (commas, quotes and line breaks inside quoted cells), a UTF-8 byte order
 * mark dropped, CRLF, LF or CR line ends, empty lines skipped, and rows of
 * any length (the row rules report a wrong cell count per row).
 */
export const HOSPITAL_CSV_FORMAT: Options = {
  bom: true,
  delimiter: ',',
  quote: '"',
  escape: '"',
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_column_count: true,
  skip_empty_lines: true,
  // A valid row is a few hundred characters; a runaway quote should not read the whole file into one cell.
  max_record_size: 64 * 1024,
};

/** Our words for the tokeniser's errors: its own messages quote the file. */
export function describeCsvError(code: string | undefined): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'A quoted cell is never closed: a quote is missing';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'A quoted cell goes on after its closing quote; write a quote inside a cell as two quotes';
    case 'INVALID_OPENING_QUOTE':
      return 'A quote appears inside a cell that does not start with one; quote the whole cell and double the quote';
    case 'CSV_MAX_RECORD_SIZE':
      return 'The row is far longer than any valid row; check the quotes';
    default:
      return 'The row is not valid CSV';
  }
}
