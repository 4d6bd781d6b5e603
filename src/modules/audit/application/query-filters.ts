/** The filters of a query as AuditTrailQueried records them: given values only, dates as ISO text. */
export function queryFilters(
  values: Readonly<Record<string, string | number | Date | undefined>>,
): Record<string, string | number> {
  const filters: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    filters[name] = value instanceof Date ? value.toISOString() : value;
  }
  return filters;
}
