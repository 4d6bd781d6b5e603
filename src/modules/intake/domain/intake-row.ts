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
