import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations/index.js';
import type { AppConfig } from '../../config/app-config.js';

/** One definition of the connection for the app, the CLI, the seeder and the tests. */
export function buildDataSourceOptions(config: AppConfig, applicationName = `hms-${config.role}`): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    useUTC: true,
    connectTimeoutMS: 10_000,
    extra: {
      max: config.database.poolSize,
      application_name: applicationName,
      statement_timeout: config.database.statementTimeoutMs,
      idle_in_transaction_session_timeout: 60_000,
    },
  };
}
