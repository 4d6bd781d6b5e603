import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config.js';

const strong = (n: number) => Buffer.alloc(32, n).toString('base64');
const productionSecrets = {
  NODE_ENV: 'production',
  JWT_KEYS: `k1:${strong(1)}`,
  PII_ENCRYPTION_KEYS: `p1:${strong(2)}`,
  PII_BLIND_INDEX_KEYS: `b1:${strong(3)}`,
  AUDIT_HMAC_KEY: strong(4),
};

describe('loadConfig', () => {
  it('runs on local defaults with no environment at all', () => {
    const config = loadConfig({});
    expect(config.role).toBe('all');
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/hms');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.http.port).toBe(3000);
    expect(config.http.bodyLimitBytes).toBe(1024 * 1024);
    expect(config.crypto.piiKeys[0].secret).toHaveLength(32);
  });

  it.each([
    ['PORT', 'eighty', /PORT must be a whole number/],
    ['PORT', '70000', /PORT must be between 0 and 65535/],
    ['APP_ROLE', 'scheduler', /APP_ROLE must be one of api, worker, all/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL must be a URL/],
    ['DATABASE_URL', 'mysql://x@y/z', /DATABASE_URL must use postgres:/],
    ['REDIS_URL', 'http://127.0.0.1', /REDIS_URL must use redis:/],
    ['DB_MIGRATE_ON_START', 'maybe', /DB_MIGRATE_ON_START must be true or false/],
    ['BODY_LIMIT', 'huge', /BODY_LIMIT must be a size/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['TRUST_PROXY', 'everyone', /TRUST_PROXY must be/],
    ['PII_ENCRYPTION_KEYS', 'nokeyid', /PII_ENCRYPTION_KEYS must be a comma-separated list/],
    ['PII_ENCRYPTION_KEYS', `a:${Buffer.alloc(16).toString('base64')}`, /PII_ENCRYPTION_KEYS must hold at least 32 bytes/],
    ['JWT_KEYS', `a:${strong(1)},a:${strong(2)}`, /JWT_KEYS names key id "a" twice/],
    ['PII_BLIND_INDEX_KEYS', strong(3), /PII_BLIND_INDEX_KEYS must be a comma-separated list/],
    ['PII_ENCRYPTION_KEYS_FILE', '/nonexistent/hms-keys', /PII_ENCRYPTION_KEYS_FILE names a file that cannot be read \(ENOENT\)/],
    ['PATIENT_MRN_PREFIX', 'mrn-', /PATIENT_MRN_PREFIX must be 0-6 capital letters/],
    ['PII_ROTATION_BATCH_SIZE', '0', /PII_ROTATION_BATCH_SIZE must be between 1 and 10000/],
  ])('rejects %s=%s with one line naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      expect((error as Error).message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('parses sizes, lists and keyrings', () => {
    const config = loadConfig({
      BODY_LIMIT: '512kb',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      JWT_KEYS: `new:${strong(5)},old:${strong(6)}`,
      TRUST_PROXY: '1',
    });
    expect(config.http.bodyLimitBytes).toBe(512 * 1024);
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.auth.jwtKeys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(config.http.trustProxy).toBe(1);
  });

  it('accepts real secrets in production', () => {
    expect(loadConfig(productionSecrets).env).toBe('production');
  });

  it('refuses a production start with a missing secret', () => {
    const { AUDIT_HMAC_KEY: _omitted, ...rest } = productionSecrets;
    expect(() => loadConfig(rest)).toThrow(/AUDIT_HMAC_KEY is required when NODE_ENV=production/);
  });

  it('reads a secret from the file <NAME>_FILE names, and refuses both forms at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hms-config-'));
    const file = join(dir, 'pii-keys');
    writeFileSync(file, `filed:${strong(7)}\n`);
    try {
      const config = loadConfig({ ...productionSecrets, PII_ENCRYPTION_KEYS: undefined, PII_ENCRYPTION_KEYS_FILE: file });
      expect(config.crypto.piiKeys.map((k) => k.id)).toEqual(['filed']);
      expect(() => loadConfig({ ...productionSecrets, PII_ENCRYPTION_KEYS_FILE: file })).toThrow(
        /^Invalid configuration: PII_ENCRYPTION_KEYS and PII_ENCRYPTION_KEYS_FILE are both set/,
      );
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('refuses the .env.example placeholders in production', () => {
    expect(() => loadConfig({ ...productionSecrets, JWT_KEYS: 'k1:change-me-to-a-random-base64-secret-of-32-bytes' })).toThrow(
      /JWT_KEYS still holds a placeholder/,
    );
  });
});

describe('loadConfig: queues', () => {
  it('holds a job 30 s and checks for stalled jobs every 30 s unless told otherwise', () => {
    expect(loadConfig({}).queue).toMatchObject({ lockDurationMs: 30_000, stalledIntervalMs: 30_000 });
    expect(loadConfig({ QUEUE_LOCK_DURATION_MS: '5000', QUEUE_STALLED_INTERVAL_MS: '1000' }).queue).toMatchObject({
      lockDurationMs: 5_000,
      stalledIntervalMs: 1_000,
    });
  });

  it.each([
    ['QUEUE_LOCK_DURATION_MS', '999'],
    ['QUEUE_STALLED_INTERVAL_MS', '0'],
    ['QUEUE_STALLED_INTERVAL_MS', 'often'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });
});

describe('loadConfig: hospitals', () => {
  it('defaults to 20 rows and 1 MB per import, chunks of 1000, and UTC', () => {
    expect(loadConfig({}).hospitals).toEqual({
      defaultTimeZone: 'UTC',
      importMaxRows: 20,
      importMaxBytes: 1024 * 1024,
      importChunkSize: 1000,
      importConcurrency: 1,
      importAttempts: 5,
    });
  });

  it('takes IANA zone names in their canonical spelling', () => {
    expect(loadConfig({ DEFAULT_TIME_ZONE: 'Europe/Lisbon' }).hospitals.defaultTimeZone).toBe('Europe/Lisbon');
    expect(loadConfig({ DEFAULT_TIME_ZONE: 'america/new_york' }).hospitals.defaultTimeZone).toBe('America/New_York');
  });

  it.each(['Mars/Olympus_Mons', '+01:00', 'UTC+1', 'Europe/', '../etc/passwd'])('refuses DEFAULT_TIME_ZONE=%s', (zone) => {
    expect(() => loadConfig({ DEFAULT_TIME_ZONE: zone })).toThrow(
      /^Invalid configuration: DEFAULT_TIME_ZONE must be an IANA time zone/,
    );
  });

  it.each([
    ['HOSPITAL_IMPORT_MAX_ROWS', '0'],
    ['HOSPITAL_IMPORT_MAX_BYTES', 'lots'],
    ['HOSPITAL_IMPORT_CHUNK_SIZE', '0'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });
});
