// Runs outside Jest's module system, so it drives the built CLI (`npm test` builds first).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { isStaleTestDatabase, MAINTENANCE_URL, newTemplateName, PG_SERVER } from './test-databases.mjs';

/** Migrates a template once per run; every e2e file clones it (a file copy, much faster than migrating). */
export default async function globalSetup() {
  const admin = new pg.Client({ connectionString: MAINTENANCE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'hms\\_test\\_%'`);
    for (const { datname } of rows.filter((r) => isStaleTestDatabase(r.datname))) {
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
  const template = newTemplateName();
  // Test workers start after the global setup and inherit this.
  process.env.HMS_TEST_TEMPLATE = template;
  // Migrations use no key, but the CLI needs some: random ones, so no run writes a key file into the checkout.
  const key = () => randomBytes(32).toString('base64');
  execFileSync(process.execPath, ['dist/src/cli.js', 'migrations:run'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: `${PG_SERVER}/${template}`,
      LOG_LEVEL: 'warn',
      JWT_KEYS: `k1:${key()}`,
      PII_ENCRYPTION_KEYS: `k1:${key()}`,
      PII_BLIND_INDEX_KEYS: `k1:${key()}`,
      AUDIT_HMAC_KEYS: `k1:${key()}`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
