import pg from 'pg';
import type { AppConfig } from '../../src/config/app-config.js';

/** A baseline's pool: the server's database, pool size and statement timeout, under its own application name. */
export function baselinePool(config: AppConfig, applicationName: string): pg.Pool {
  return new pg.Pool({
    connectionString: config.database.url,
    max: config.database.poolSize,
    statement_timeout: config.database.statementTimeoutMs,
    application_name: applicationName,
  });
}

/**
 * A user's hospital or department, read once per user and kept: the server
 * holds it in its cached session state, so a baseline does not read it per
 * request either.
 */
export function placementOnce(
  pool: pg.Pool,
  column: 'hospital_id' | 'department_id',
): (userId: string) => Promise<string | null> {
  const known = new Map<string, Promise<string | null>>();
  return (userId) => {
    let placement = known.get(userId);
    if (!placement) {
      placement = pool
        .query<{ placement: string | null }>(`SELECT ${column} AS placement FROM users WHERE id = $1`, [userId])
        .then(({ rows }) => rows[0]?.placement ?? null);
      known.set(userId, placement);
    }
    return placement;
  };
}
