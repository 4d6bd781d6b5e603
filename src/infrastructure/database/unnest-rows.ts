/** One column of a set of rows: its name, its SQL type, and how a row gives its value. */
export type UnnestColumn<R> = readonly [name: string, type: string, value: (row: R) => unknown];

/**
 * Rows as one typed array parameter per column, `unnest($1::uuid[], …) AS
 * alias (name, …)`, placeholders from `firstParam`: a set of any size is one
 * statement of one shape (planned alike whatever the count, far from the
 * protocol's parameter limit). Array-typed columns cannot be carried this
 * way (unnest flattens them); callers write those as constants.
 */
export function unnestRows<R>(
  alias: string,
  columns: readonly UnnestColumn<R>[],
  rows: readonly R[],
  firstParam = 1,
): { sql: string; params: unknown[][] } {
  const arrays = columns.map(([, type], i) => `$${firstParam + i}::${type}[]`).join(', ');
  return {
    sql: `unnest(${arrays}) AS ${alias} (${columns.map(([name]) => name).join(', ')})`,
    params: columns.map(([, , value]) => rows.map(value)),
  };
}
