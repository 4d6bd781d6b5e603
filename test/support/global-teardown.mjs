import pg from 'pg';
import { MAINTENANCE_URL, TEMPLATE_DATABASE } from './test-databases.mjs';

export default async function globalTeardown() {
  const admin = new pg.Client({ connectionString: MAINTENANCE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
