import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config.js';
import { generateDevKeys } from './dev-key-file.js';

const strong = (n: number) => Buffer.alloc(32, n).toString('base64');
const productionSecrets = {
  NODE_ENV: 'production',
  JWT_KEYS: `k1:${strong(1)}`,
  PII_ENCRYPTION_KEYS: `p1:${strong(2)}`,
  PII_BLIND_INDEX_KEYS: `b1:${strong(3)}`,
  AUDIT_HMAC_KEY: strong(4),
};

/** What an entry point passes outside production: the checkout's generated keys. */
const devKeys = generateDevKeys();

describe('loadConfig', () => {
  it('runs on local defaults with no environment but the generated development keys', () => {
    const config = loadConfig({}, devKeys);
    expect(config.env).toBe('development');
    expect(config.role).toBe('all');
    expect(config.http.host).toBe('127.0.0.1');
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
    ['REDIS_URL', 'redis://127.0.0.1:6379/cache', /REDIS_URL path must be a database number/],
    ['REDIS_URL', 'redis://127.0.0.1:6379?tls=true', /REDIS_URL must carry no query/],
    ['REDIS_TLS_CA', '-----BEGIN CERTIFICATE-----', /REDIS_TLS_CA needs a rediss:\/\/ REDIS_URL/],
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
    ['SIGN_IN_FORGET_AFTER_SECONDS', '900', /SIGN_IN_FORGET_AFTER_SECONDS must be longer than SIGN_IN_MAX_DELAY_SECONDS/],
    ['AUTH_LOCAL_CACHE_MS', '-1', /AUTH_LOCAL_CACHE_MS must be between 0 and 60000/],
    ['AUTH_LOCAL_CACHE_MS', '120000', /AUTH_LOCAL_CACHE_MS must be between 0 and 60000/],
  ])('rejects %s=%s with one line naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value }, devKeys)).toThrow(message);
    try {
      loadConfig({ [name]: value }, devKeys);
    } catch (error) {
      expect((error as Error).message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('keeps files on the local disk by default, and in S3 when told, with both credentials or neither', () => {
    expect(loadConfig({}, devKeys).storage).toEqual({
      driver: 'local',
      localDir: join(process.cwd(), '.hms', 'storage'),
      retentionDays: 90,
    });
    const s3 = {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'hms-files',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'access',
      S3_SECRET_ACCESS_KEY: 'secret',
    };
    expect(loadConfig(s3, devKeys).storage.s3).toEqual({
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      bucket: 'hms-files',
      forcePathStyle: true,
      credentials: { accessKeyId: 'access', secretAccessKey: 'secret' },
    });
    expect(loadConfig({ STORAGE_DRIVER: 's3', S3_BUCKET: 'b1b' }, devKeys).storage.s3?.credentials).toBeUndefined();
    expect(() => loadConfig({ STORAGE_DRIVER: 's3' }, devKeys)).toThrow(/S3_BUCKET is required when STORAGE_DRIVER=s3/);
    expect(() => loadConfig({ ...s3, S3_SECRET_ACCESS_KEY: '' }, devKeys)).toThrow(
      /S3_SECRET_ACCESS_KEY must be set with its pair/,
    );
    expect(() => loadConfig({ ...s3, S3_ENDPOINT: 'ftp://minio' }, devKeys)).toThrow(/S3_ENDPOINT must use http: or https:/);
    expect(() => loadConfig({ STORAGE_DRIVER: 'gcs' }, devKeys)).toThrow(/STORAGE_DRIVER must be one of local, s3/);
    expect(() => loadConfig({ STORAGE_DIR: 'relative/dir' }, devKeys)).toThrow(/STORAGE_DIR must be an absolute path/);
  });

  it('parses sizes, lists and keyrings', () => {
    const config = loadConfig(
      {
        BODY_LIMIT: '512kb',
        CORS_ORIGINS: 'https://a.example, https://b.example',
        JWT_KEYS: `new:${strong(5)},old:${strong(6)}`,
        TRUST_PROXY: '1',
      },
      devKeys,
    );
    expect(config.http.bodyLimitBytes).toBe(512 * 1024);
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.auth.jwtKeys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(config.http.trustProxy).toBe(1);
  });

  it('accepts real secrets in production, and listens on every interface there unless HOST says otherwise', () => {
    const config = loadConfig(productionSecrets);
    expect(config.env).toBe('production');
    expect(config.http.host).toBe('0.0.0.0');
    expect(loadConfig({ ...productionSecrets, HOST: '10.0.0.5' }).http.host).toBe('10.0.0.5');
  });

  it('has no key of its own: outside production an unset key without development keys stops it, naming the variable', () => {
    expect(() => loadConfig({})).toThrow(/^Invalid configuration: JWT_KEYS is not set; start through npm start/);
    expect(() => loadConfig({ ...productionSecrets, NODE_ENV: 'test', AUDIT_HMAC_KEY: '' })).toThrow(
      /^Invalid configuration: AUDIT_HMAC_KEYS is not set/,
    );
  });

  it('takes the keys the environment sets over the development keys', () => {
    const config = loadConfig({ JWT_KEYS: `mine:${strong(8)}` }, devKeys);
    expect(config.auth.jwtKeys).toEqual([{ id: 'mine', secret: Buffer.alloc(32, 8) }]);
    expect(config.crypto.auditHmacKeys).toEqual([
      { id: 'dev1', secret: Buffer.from(devKeys.AUDIT_HMAC_KEYS.slice(5), 'base64') },
    ]);
  });

  it('never takes development keys in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, devKeys)).toThrow(
      /^Invalid configuration: JWT_KEYS is required when NODE_ENV=production$/,
    );
  });

  it('refuses a REDIS_TLS_CA that holds no PEM certificate', () => {
    expect(() => loadConfig({ REDIS_URL: 'rediss://cache.example', REDIS_TLS_CA: '/etc/ssl/ca.pem' }, devKeys)).toThrow(
      /REDIS_TLS_CA must hold PEM certificates \(or name a file of them with REDIS_TLS_CA_FILE\)/,
    );
  });

  it('refuses a production start with a missing secret', () => {
    const { AUDIT_HMAC_KEY: _omitted, ...rest } = productionSecrets;
    expect(() => loadConfig(rest)).toThrow(/AUDIT_HMAC_KEYS is required when NODE_ENV=production/);
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

  it.each(['production', 'development', 'test'])('refuses the old .env.example placeholders (NODE_ENV=%s)', (nodeEnv) => {
    const placeholder = 'k1:change-me-to-a-random-base64-secret-of-32-bytes';
    expect(() => loadConfig({ ...productionSecrets, NODE_ENV: nodeEnv, JWT_KEYS: placeholder }, devKeys)).toThrow(
      /^Invalid configuration: JWT_KEYS still holds a placeholder; generate a real secret/,
    );
  });
});

describe('loadConfig: the audit keyring', () => {
  it('reads AUDIT_HMAC_KEYS as a keyring, the first key signing', () => {
    const keys = loadConfig({ AUDIT_HMAC_KEYS: `a2:${strong(8)},a1:${strong(9)}` }, devKeys).crypto.auditHmacKeys;
    expect(keys).toEqual([
      { id: 'a2', secret: Buffer.alloc(32, 8) },
      { id: 'a1', secret: Buffer.alloc(32, 9) },
    ]);
  });

  it('still reads AUDIT_HMAC_KEY, as the one key k0, with the same key bytes as before', () => {
    expect(loadConfig({ AUDIT_HMAC_KEY: strong(4) }, devKeys).crypto.auditHmacKeys).toEqual([
      { id: 'k0', secret: Buffer.alloc(32, 4) },
    ]);
    // A production deployment may keep its old variable; the other keys are unchanged.
    const { AUDIT_HMAC_KEY: single, ...rest } = productionSecrets;
    expect(loadConfig({ ...rest, AUDIT_HMAC_KEYS: `k0:${single},k9:${strong(5)}` }).crypto.auditHmacKeys[0].secret).toEqual(
      loadConfig(productionSecrets).crypto.auditHmacKeys[0].secret,
    );
  });

  it('takes the development audit keyring from the generated keys when neither variable is set', () => {
    const [key, ...more] = loadConfig({}, devKeys).crypto.auditHmacKeys;
    expect(more).toEqual([]);
    expect(`${key.id}:${key.secret.toString('base64')}`).toBe(devKeys.AUDIT_HMAC_KEYS);
  });

  it.each([
    [
      { AUDIT_HMAC_KEY: strong(4), AUDIT_HMAC_KEYS: `a1:${strong(5)}` },
      /^Invalid configuration: AUDIT_HMAC_KEYS and AUDIT_HMAC_KEY are both set/,
    ],
    [
      { AUDIT_HMAC_KEYS: strong(4) },
      /^Invalid configuration: AUDIT_HMAC_KEYS must be a comma-separated list of <key id>:<secret>/,
    ],
    [{ AUDIT_HMAC_KEYS: `a1:${strong(4)},a1:${strong(5)}` }, /AUDIT_HMAC_KEYS names key id "a1" twice/],
    [{ AUDIT_HMAC_KEYS: `a1:${Buffer.alloc(16).toString('base64')}` }, /AUDIT_HMAC_KEYS must hold at least 32 bytes/],
    [{ AUDIT_HMAC_KEY: Buffer.alloc(16).toString('base64') }, /AUDIT_HMAC_KEY must hold at least 32 bytes/],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env, devKeys)).toThrow(message);
  });

  it('takes AUDIT_HMAC_KEYS instead of AUDIT_HMAC_KEY in production, and refuses its placeholder', () => {
    const { AUDIT_HMAC_KEY: _single, ...rest } = productionSecrets;
    expect(loadConfig({ ...rest, AUDIT_HMAC_KEYS: `a1:${strong(4)}` }).crypto.auditHmacKeys.map((k) => k.id)).toEqual(['a1']);
    expect(() => loadConfig({ ...rest, AUDIT_HMAC_KEYS: 'a1:change-me-audit-hmac-key-openssl-rand-base64' })).toThrow(
      /AUDIT_HMAC_KEYS still holds a placeholder/,
    );
  });
});

describe('loadConfig: auth state caches', () => {
  it('keeps state a second in process memory and 30 s in Redis unless told otherwise; 0 turns the local cache off', () => {
    expect(loadConfig({}, devKeys).auth).toMatchObject({ localCacheMs: 1_000, cacheTtlSeconds: 30 });
    expect(loadConfig({ AUTH_LOCAL_CACHE_MS: '0' }, devKeys).auth.localCacheMs).toBe(0);
    expect(loadConfig({ AUTH_LOCAL_CACHE_MS: '2500' }, devKeys).auth.localCacheMs).toBe(2_500);
  });
});

describe('loadConfig: queues', () => {
  it('holds a job 30 s and checks for stalled jobs every 30 s unless told otherwise', () => {
    expect(loadConfig({}, devKeys).queue).toMatchObject({ lockDurationMs: 30_000, stalledIntervalMs: 30_000 });
    expect(loadConfig({ QUEUE_LOCK_DURATION_MS: '5000', QUEUE_STALLED_INTERVAL_MS: '1000' }, devKeys).queue).toMatchObject({
      lockDurationMs: 5_000,
      stalledIntervalMs: 1_000,
    });
  });

  it.each([
    ['QUEUE_LOCK_DURATION_MS', '999'],
    ['QUEUE_STALLED_INTERVAL_MS', '0'],
    ['QUEUE_STALLED_INTERVAL_MS', 'often'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value }, devKeys)).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });
});

describe('loadConfig: hospitals', () => {
  it('defaults to 20 rows and 1 MB per import, chunks of 1000, UTC, and uploads in the system temporary directory', () => {
    expect(loadConfig({}, devKeys).hospitals).toEqual({
      defaultTimeZone: 'UTC',
      importMaxRows: 20,
      importMaxBytes: 1024 * 1024,
      importChunkSize: 1000,
      importConcurrency: 1,
      importAttempts: 5,
      importTempDir: tmpdir(),
    });
    expect(loadConfig({ HOSPITAL_IMPORT_TMP_DIR: '/var/tmp/hms' }, devKeys).hospitals.importTempDir).toBe('/var/tmp/hms');
  });

  it('takes IANA zone names in their canonical spelling', () => {
    expect(loadConfig({ DEFAULT_TIME_ZONE: 'Europe/Lisbon' }, devKeys).hospitals.defaultTimeZone).toBe('Europe/Lisbon');
    expect(loadConfig({ DEFAULT_TIME_ZONE: 'america/new_york' }, devKeys).hospitals.defaultTimeZone).toBe('America/New_York');
  });

  it.each(['Mars/Olympus_Mons', '+01:00', 'UTC+1', 'Europe/', '../etc/passwd'])('refuses DEFAULT_TIME_ZONE=%s', (zone) => {
    expect(() => loadConfig({ DEFAULT_TIME_ZONE: zone }, devKeys)).toThrow(
      /^Invalid configuration: DEFAULT_TIME_ZONE must be an IANA time zone/,
    );
  });

  it.each([
    ['HOSPITAL_IMPORT_MAX_ROWS', '0'],
    ['HOSPITAL_IMPORT_MAX_BYTES', 'lots'],
    ['HOSPITAL_IMPORT_CHUNK_SIZE', '0'],
    ['HOSPITAL_IMPORT_TMP_DIR', 'tmp/uploads'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value }, devKeys)).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });
});
