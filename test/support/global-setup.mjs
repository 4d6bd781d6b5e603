// Runs outside Jest's module system, so it drives the built CLI (`npm test` builds first).
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { FILE_DATABASE_PREFIX, MAINTENANCE_URL, TEMPLATE_DATABASE, TEMPLATE_URL } from './test-databases.mjs';

/** Builds a freshly migrated template once; every e2e file clones it (a file copy, much faster than migrating). */
export default async function globalSetup() {
  const admin = new pg.Client({ connectionString: MAINTENANCE_URL });
  await admin.connect();
  try {
    const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${FILE_DATABASE_PREFIX}%`]);
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  execFileSync(process.execPath, ['dist/src/cli.js', 'migrations:run'], {
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: TEMPLATE_URL, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
