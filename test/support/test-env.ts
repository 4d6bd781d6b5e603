import { randomBytes } from 'node:crypto';
import { assertTestDatabaseUrl } from '@hms/testing';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';

import { currentTemplateName, FILE_DATABASE_PREFIX, MAINTENANCE_URL, PG_SERVER } from './test-databases.mjs';

export { currentTemplateName, FILE_DATABASE_PREFIX };
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string, server = PG_SERVER): string {
  const url = `${server}/${name}`;
  assertTestDatabaseUrl(url);
  return url;
}

export function maintenanceUrl(): string {
  return MAINTENANCE_URL;
}

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export function testConfig(env: Record<string, string>): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DB_MIGRATE_ON_START: 'false',
    DB_POOL_SIZE: '5',
    OUTBOX_POLL_INTERVAL_MS: '100',
    REDIS_URL,
    ...env,
  });
}
