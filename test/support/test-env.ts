import { randomBytes } from 'node:crypto';
import { assertTestDatabaseUrl } from '@hms/testing';
import { type AppConfig, type DevKeys, loadConfig } from '../../src/config/app-config.js';
import { generateDevKeys } from '../../src/config/dev-key-file.js';

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

/**
 * Random keys of this test file, made at load: its apps share them, and so must the processes it
 * starts (spread them into a child's env). Nothing in the repository derives them.
 */
export const TEST_KEYS: DevKeys = generateDevKeys();

export function testConfig(env: Record<string, string>): AppConfig {
  // A test that sets the single AUDIT_HMAC_KEY of earlier versions gets it instead of the keyring.
  const { AUDIT_HMAC_KEYS, ...keys } = TEST_KEYS;
  return loadConfig({
    NODE_ENV: 'test',
    ...keys,
    ...(env.AUDIT_HMAC_KEY === undefined ? { AUDIT_HMAC_KEYS } : {}),
    LOG_LEVEL: 'warn',
    DB_MIGRATE_ON_START: 'false',
    DB_POOL_SIZE: '5',
    OUTBOX_POLL_INTERVAL_MS: '100',
    REDIS_URL,
    ...env,
  });
}
