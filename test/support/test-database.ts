import pg from 'pg';
import { currentTemplateName, databaseUrl, FILE_DATABASE_PREFIX, maintenanceUrl, uniqueSuffix } from './test-env.js';

/** A database of one's own, cloned from the migrated template, dropped at the end. */
export class TestDatabase {
  readonly pool: pg.Pool;

  private constructor(
    readonly name: string,
    readonly url: string,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 3 });
    // Idle connections are cut when a test drops or cuts off the database; that is expected here.
    this.pool.on('error', () => undefined);
  }

  static async create(): Promise<TestDatabase> {
    const name = `${FILE_DATABASE_PREFIX}${uniqueSuffix()}`;
    const url = databaseUrl(name);
    const admin = new pg.Client({ connectionString: maintenanceUrl() });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(currentTemplateName())}`);
    } finally {
      await admin.end();
    }
    return new TestDatabase(name, url);
  }

  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.pool.query<R>(sql, params).then((result) => result.rows);
  }

  async drop(): Promise<void> {
    await this.pool.end();
    const admin = new pg.Client({ connectionString: maintenanceUrl() });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(this.name)} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
}
