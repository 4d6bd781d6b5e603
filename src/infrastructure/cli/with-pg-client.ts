import pg from 'pg';
import type { AppConfig } from '../../config/app-config.js';

/** Runs work on a connection of its own (CLI commands need no pool), closed whatever happens. */
export async function withPgClient<T>(config: AppConfig, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: config.database.url, application_name: 'hms-cli' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
