import type { CsvProblem } from './csv-problem.js';

export const REQUIRED_COLUMNS = ['name', 'address'] as const;
export const OPTIONAL_COLUMNS = ['phone'] as const;
type ColumnName = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
const KNOWN: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

/** Where each column sits in a record of the file, as its header says. */
export interface CsvLayout {
  readonly name: number;
  readonly address: number;
  readonly phone: number | null;
  readonly width: number;
}

export type HeaderReading = { readonly layout: CsvLayout } | { readonly problems: readonly CsvProblem[] };

/**
 * Reads the header record: names trimmed and compared case-insensitively,
 * in any order; name and address required, phone optional, nothing else.
 * Header cells are never quoted back: a file without a header has data there.
 */
export function readHeader(cells: readonly string[]): HeaderReading {
  const problems: CsvProblem[] = [];
  const positions = new Map<ColumnName, number>();
  cells.forEach((cell, index) => {
    const column = cell.trim().toLowerCase();
    if (column === '') {
      problems.push({ row: 0, column: null, message: `Column ${index + 1} of the header has no name` });
    } else if (!KNOWN.includes(column)) {
      problems.push({ row: 0, column: null, message: `Column ${index + 1} of the header is not one of ${KNOWN.join(', ')}` });
    } else if (positions.has(column as ColumnName)) {
      problems.push({ row: 0, column, message: `The header names the column ${column} twice` });
    } else {
      positions.set(column as ColumnName, index);
    }
  });
  const missing = REQUIRED_COLUMNS.filter((column) => !positions.has(column));
  if (missing.length === REQUIRED_COLUMNS.length) {
    problems.unshift({
      row: 0,
      column: null,
      message: 'The first line must be the header naming the columns: name, address and, optionally, phone',
    });
  }
  for (const column of missing) problems.push({ row: 0, column, message: `The header lacks the required column ${column}` });
  if (problems.length > 0) return { problems };
  return {
    layout: {
      name: positions.get('name')!,
      address: positions.get('address')!,
      phone: positions.get('phone') ?? null,
      width: cells.length,
    },
  };
}
