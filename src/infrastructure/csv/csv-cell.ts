/**
 * The one CSV writer for every export. Spreadsheets run a cell that starts
 * with `=`, `+`, `-` or `@` (or tab/CR, which some strip first) as a formula,
 * and a spreadsheet in a semicolon or tab locale splits a comma-separated
 * file's cell at `;` or tab, so a formula character right after `,`, `;` or
 * tab starts a new formula cell there. Both get a single quote in front
 * (OWASP's CSV-injection advice), and every cell is quoted (RFC 4180, quotes
 * doubled) so no reader has to guess where a field ends. The price: text such
 * as `[1,-2]` reads back as `[1,'-2]`; exports that must round-trip exactly
 * offer JSON as well.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const FORMULA_AFTER_SEPARATOR = /([,;\t])([=+\-@])/g;

export type CsvValue = string | number | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '""';
  let text = String(value);
  // Numbers are our own data (a negative number is not a formula); text may come from anyone.
  if (typeof value === 'string') {
    text = text.replace(FORMULA_AFTER_SEPARATOR, "$1'$2");
    if (FORMULA_START.test(text)) text = `'${text}`;
  }
  return `"${text.replace(/"/g, '""')}"`;
}

/** A record ends with CRLF (RFC 4180). */
export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
