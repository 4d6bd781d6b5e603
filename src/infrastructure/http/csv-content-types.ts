/**
 * Content types a CSV file part may carry: what spreadsheets and browsers
 * send for .csv files (Excel on Windows says vnd.ms-excel), and plain text.
 * Every CSV upload route accepts these and answers 415 for anything else.
 */
export const CSV_CONTENT_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'text/plain'] as const;

export function isCsvContentType(mimetype: string): boolean {
  return (CSV_CONTENT_TYPES as readonly string[]).includes(mimetype.toLowerCase());
}
