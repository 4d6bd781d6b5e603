/** Anything that runs SQL and returns rows: a TypeORM DataSource or EntityManager, or a wrapped pg client (the CLI). */
export interface SqlRunner {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}
