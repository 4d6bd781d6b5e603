/**
 * What TypeORM's `query()` answers for an UPDATE or DELETE on PostgreSQL:
 * the RETURNING rows and the affected count, as a pair, not the rows alone.
 */
export type UpdateResult<Row> = [rows: Row[], rowCount: number];
