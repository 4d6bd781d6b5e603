import { DataSource, type Migration } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { buildDataSourceOptions } from './data-source-options.js';
import { ensureDatabase } from './ensure-database.js';

/** Any constant works; it only has to be the same for every process of this app. */
const MIGRATION_LOCK_KEY = 7_211_001;

/**
 * Runs pending migrations under a session advisory lock, so replicas that
 * start together apply each migration once.
 */
export async function runMigrations(config: AppConfig): Promise<Migration[]> {
  await ensureDatabase(config.database.url);
  const dataSource = new DataSource(buildDataSourceOptions(config, 'hms-migrations'));
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}

export async function revertLastMigration(config: AppConfig): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions(config, 'hms-migrations'));
  await dataSource.initialize();
  try {
    await dataSource.undoLastMigration({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

export async function pendingMigrations(config: AppConfig): Promise<boolean> {
  const dataSource = new DataSource(buildDataSourceOptions(config, 'hms-migrations'));
  await dataSource.initialize();
  try {
    return await dataSource.showMigrations();
  } finally {
    await dataSource.destroy();
  }
}
