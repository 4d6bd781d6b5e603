import { createHash } from 'node:crypto';
import type pg from 'pg';
import { type DataSource, QueryFailedError } from 'typeorm';

/**
 * Statements of the hottest read paths as named prepared statements on the
 * pool TypeORM owns: each connection parses and plans one once, and
 * PostgreSQL moves to a generic plan after a few runs, where an unnamed
 * statement is planned on every execution (measured on the recorded read of
 * a patient: 0.17 ms planning against 0.13 ms running, ADR 29). The name is
 * the text's hash, so one name never stands for two texts. Autocommitted,
 * one statement each; errors come back as TypeORM's QueryFailedError, as
 * every other statement's do.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();
  /** Bumped when a table a statement reads changed shape: the next runs prepare it afresh, under new names. */
  private generation = 0;

  constructor(private readonly dataSource: DataSource) {}

  async query<R>(text: string, values: unknown[]): Promise<R[]> {
    try {
      return await this.run<R>(text, values);
    } catch (error) {
      // A migration added a column to a table read with `*` while this process ran: prepare again, once.
      if (!isStaleResultType(error)) throw wrapped(error, text, values);
      this.generation += 1;
      this.names.clear();
      return this.run<R>(text, values).catch((again: unknown) => {
        throw wrapped(again, text, values);
      });
    }
  }

  private async run<R>(text: string, values: unknown[]): Promise<R[]> {
    const pool = (this.dataSource.driver as unknown as { master: pg.Pool }).master;
    const result = await pool.query<R & pg.QueryResultRow>({ name: this.nameOf(text), text, values });
    return result.rows;
  }

  private nameOf(text: string): string {
    let name = this.names.get(text);
    if (!name) {
      name = `hms_${this.generation}_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      // Bounded: texts differ only by the shape of a reader's scopes, a handful per route.
      if (this.names.size >= 1_000) this.names.clear();
      this.names.set(text, name);
    }
    return name;
  }
}

/** PostgreSQL's refusal to run a prepared plan whose result columns changed since it was prepared. */
function isStaleResultType(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === '0A000' &&
    /cached plan must not change result type/.test(error.message)
  );
}

function wrapped(error: unknown, text: string, values: unknown[]): unknown {
  return error instanceof Error && 'severity' in error ? new QueryFailedError(text, values, error) : error;
}
