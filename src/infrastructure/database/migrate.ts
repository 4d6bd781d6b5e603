import { DataSource, type Migration } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { contextCatalogue } from '../context/context-catalogue.js';
import type { AnyContextDescriptor } from '../context/context-descriptor.js';
import { buildDataSourceOptions } from './data-source-options.js';
import { ensureDatabase } from './ensure-database.js';

/** Any constant works; it only has to be the same for every process of this app. */
const MIGRATION_LOCK_KEY = 7_211_001;

/**
 * Runs pending migrations under a session advisory lock, so replicas that
 * start together apply each migration once; then, under the same lock and in
 * one transaction, lets each context reconcile its data with the descriptors
 * (the role matrix), so that needs no hand-written migration.
 */
export async function runMigrations(config: AppConfig, contexts: readonly AnyContextDescriptor[]): Promise<Migration[]> {
  await ensureDatabase(config.database.url);
  const dataSource = new DataSource(buildDataSourceOptions(config, 'hms-migrations'));
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      const catalogue = contextCatalogue(contexts);
      await runner.manager.transaction(async (db) => {
        for (const context of contexts) await context.reconcile?.(db, catalogue);
      });
      return applied;
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
