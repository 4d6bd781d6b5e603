import pg from 'pg';
import { currentTemplateName, MAINTENANCE_URL } from './test-databases.mjs';

export default async function globalTeardown() {
  const admin = new pg.Client({ connectionString: MAINTENANCE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(currentTemplateName())} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
