/**
 * A CSV row as a record keyed by the header's field names (read in any order
 * and case); a row whose cell count differs from the header's answers the
 * problem instead, for that record alone.
 */
export function recordOfRow(
  header: readonly string[],
  cells: readonly string[],
): { readonly record: Record<string, string> } | { readonly problem: string } {
  if (cells.length !== header.length) {
    return { problem: `the row has ${cells.length} cells where the header has ${header.length}` };
  }
  const record: Record<string, string> = {};
  header.forEach((name, index) => {
    record[name] = cells[index];
  });
  return { record };
}

/** The header's cells as field names, once checkIntakeHeader accepted them. */
export function headerFields(cells: readonly string[]): string[] {
  return cells.map((cell) => cell.trim().toLowerCase());
}

/** Longest sender's key kept with a record's outcome: room for any valid one, and a little of an invalid one. */
export const MAX_KEPT_KEY_LENGTH = 64;

/** The sender's own keys of a record, as sent (trimmed, cut), so its outcome can be found by them. */
export interface RecordKeys {
  readonly mrn: string | null;
  readonly visitAccountNumber: string | null;
}

export function recordKeys(header: readonly string[], cells: readonly string[]): RecordKeys {
  const cell = (name: string): string | null => {
    const value = cells[header.indexOf(name)];
    return value === undefined ? null : [...value.trim()].slice(0, MAX_KEPT_KEY_LENGTH).join('');
  };
  return { mrn: cell('mrn'), visitAccountNumber: cell('visit_account_number') };
}
