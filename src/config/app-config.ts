import { canonicalTimeZone } from '@hms/ddd';
import { createHash } from 'node:crypto';
import { bool, bytes, ConfigError, type Env, int, list, oneOf, optionalStr, str, url } from './env-parsers.js';

export const APP_ROLES = ['api', 'worker', 'all'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A named secret; the first key of a keyring signs or encrypts, the rest only verify or decrypt. */
export interface NamedKey {
  readonly id: string;
  readonly secret: Buffer;
}

export interface AppConfig {
  readonly env: 'development' | 'test' | 'production';
  readonly role: AppRole;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly corsOrigins: readonly string[];
    readonly allowedHosts: readonly string[];
    /** Express `trust proxy`: false, a hop count, or a list of addresses/subnets. */
    readonly trustProxy: boolean | number | string;
    readonly bodyLimitBytes: number;
    readonly uploadLimitBytes: number;
    readonly rateLimit: { readonly windowSeconds: number; readonly max: number; readonly blockSeconds: number };
    readonly shutdownTimeoutMs: number;
  };
  readonly database: {
    readonly url: string;
    readonly poolSize: number;
    readonly migrateOnStart: boolean;
    readonly statementTimeoutMs: number;
  };
  readonly redis: { readonly url: string };
  readonly queue: {
    readonly prefix: string;
    readonly domainEventsConcurrency: number;
    /** How long a worker's hold on a job lasts unless renewed (Bull renews it at half that while the job runs). */
    readonly lockDurationMs: number;
    /** How often Bull looks for jobs whose worker died (their lock lapsed) and puts them back in the queue. */
    readonly stalledIntervalMs: number;
  };
  readonly outbox: {
    readonly pollIntervalMs: number;
    readonly batchSize: number;
    readonly retentionDays: number;
  };
  readonly auth: {
    readonly jwtKeys: readonly NamedKey[];
    readonly jwtIssuer: string;
    readonly jwtAudience: string;
    readonly accessTokenTtlSeconds: number;
    readonly sessionAbsoluteTtlSeconds: number;
    readonly sessionIdleTimeoutSeconds: number;
    readonly lockout: { readonly threshold: number; readonly windowSeconds: number; readonly durationSeconds: number };
    readonly loginRateLimitPerMinute: number;
    /** How long session and permission state may be served from Redis before it is re-read. */
    readonly cacheTtlSeconds: number;
    readonly emergencyAccessSeconds: number;
    readonly bootstrapAdmin?: { readonly email: string; readonly password: string };
  };
  readonly crypto: {
    readonly piiKeys: readonly NamedKey[];
    /** Blind-index keys: the first computes new indexes, all are searched while a rotation rebuilds them. */
    readonly blindIndexKeys: readonly NamedKey[];
    readonly auditHmacKey: Buffer;
  };
  readonly audit: {
    /** Seconds between scheduled verifications of the audit hash chain in the worker; 0 disables them. */
    readonly verifyIntervalSeconds: number;
  };
  readonly hospitals: {
    /** IANA time zone given to a hospital registered without one. */
    readonly defaultTimeZone: string;
    /** Most data rows a CSV import may hold. */
    readonly importMaxRows: number;
    /** Largest CSV import file; a larger upload answers 413. */
    readonly importMaxBytes: number;
    /** Rows the import worker stores per transaction. */
    readonly importChunkSize: number;
    /** Import jobs one worker process runs at once. */
    readonly importConcurrency: number;
    /** Tries of an import job before its batch is marked FAILED. */
    readonly importAttempts: number;
  };
  readonly patients: {
    /** Letters put before generated medical record numbers (`MRN` gives MRN000012345 + check digit). */
    readonly mrnPrefix: string;
    /** Patients re-encrypted per transaction by a key rotation. */
    readonly rotationBatchSize: number;
  };
  readonly log: { readonly level: LogLevel };
}

/** Placeholders shipped in .env.example; a production start refuses them. */
export const PLACEHOLDER_MARKER = 'change-me';

function devSecret(label: string): string {
  // Deterministic keys for local development only: never accepted in production.
  return `dev-only-${createHash('sha256').update(`hms-development-${label}`).digest('base64url')}`;
}

function decodeSecret(variable: string, value: string, minBytes: number): Buffer {
  // Secrets are base64 (standard or URL-safe) of random bytes; anything else is taken as UTF-8.
  const secret = /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : Buffer.from(value, 'utf8');
  if (secret.length < minBytes) throw new ConfigError(variable, `must hold at least ${minBytes} bytes of key material`);
  return secret;
}

function keyring(env: Env, variable: string, fallback: string, minBytes: number): NamedKey[] {
  const entries = list(env, variable, [fallback]);
  if (entries.length === 0) throw new ConfigError(variable, 'must name at least one key');
  const seen = new Set<string>();
  return entries.map((entry) => {
    const separator = entry.indexOf(':');
    if (separator < 1) throw new ConfigError(variable, 'must be a comma-separated list of <key id>:<secret>');
    const id = entry.slice(0, separator);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new ConfigError(variable, 'key ids must be 1-32 letters, digits, - or _');
    if (seen.has(id)) throw new ConfigError(variable, `names key id "${id}" twice`);
    seen.add(id);
    return { id, secret: decodeSecret(variable, entry.slice(separator + 1), minBytes) };
  });
}

function trustProxy(env: Env): boolean | number | string {
  const value = optionalStr(env, 'TRUST_PROXY');
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  if (/^[0-9a-fA-F.:/, ]+$/.test(value) || /^(loopback|linklocal|uniquelocal)(,|$)/.test(value)) return value;
  throw new ConfigError('TRUST_PROXY', 'must be false, true, a hop count, or a list of addresses/subnets');
}

/** An IANA zone name as Intl knows it (`Europe/Lisbon`, `UTC`), returned in its canonical spelling. */
function ianaTimeZone(env: Env, name: string, fallback: string): string {
  const value = str(env, name, fallback);
  const zone = canonicalTimeZone(value);
  if (!zone) throw new ConfigError(name, `must be an IANA time zone such as Europe/Lisbon or UTC, got "${value}"`);
  return zone;
}

function mrnPrefix(env: Env): string {
  const value = str(env, 'PATIENT_MRN_PREFIX', 'MRN');
  if (!/^[A-Z]{0,6}$/.test(value)) throw new ConfigError('PATIENT_MRN_PREFIX', 'must be 0-6 capital letters');
  return value;
}

function bootstrapAdmin(env: Env): { email: string; password: string } | undefined {
  const email = optionalStr(env, 'BOOTSTRAP_ADMIN_EMAIL');
  const password = env.BOOTSTRAP_ADMIN_PASSWORD;
  if (!email && !password) return undefined;
  if (!email || !password)
    throw new ConfigError(email ? 'BOOTSTRAP_ADMIN_PASSWORD' : 'BOOTSTRAP_ADMIN_EMAIL', 'must be set together with its pair');
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new ConfigError('BOOTSTRAP_ADMIN_EMAIL', 'must be an email address');
  return { email, password };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const production = nodeEnv === 'production';

  const secrets = {
    JWT_KEYS: optionalStr(env, 'JWT_KEYS'),
    PII_ENCRYPTION_KEYS: optionalStr(env, 'PII_ENCRYPTION_KEYS'),
    PII_BLIND_INDEX_KEYS: optionalStr(env, 'PII_BLIND_INDEX_KEYS'),
    AUDIT_HMAC_KEY: optionalStr(env, 'AUDIT_HMAC_KEY'),
  };
  if (production) {
    for (const [name, value] of Object.entries(secrets)) {
      if (value === undefined) throw new ConfigError(name, 'is required when NODE_ENV=production');
      if (value.includes(PLACEHOLDER_MARKER) || value.includes('dev-only-')) {
        throw new ConfigError(name, 'still holds a placeholder or development value; generate a real secret');
      }
    }
  }

  const piiKeys = keyring(
    env,
    'PII_ENCRYPTION_KEYS',
    `dev1:${Buffer.from(devSecret('pii')).subarray(0, 32).toString('base64')}`,
    32,
  );
  for (const key of piiKeys) {
    if (key.secret.length !== 32)
      throw new ConfigError('PII_ENCRYPTION_KEYS', `key "${key.id}" must be exactly 32 bytes (base64 of 32 random bytes)`);
  }

  return {
    env: nodeEnv,
    role: oneOf(env, 'APP_ROLE', APP_ROLES, 'all'),
    http: {
      host: str(env, 'HOST', '0.0.0.0'),
      port: int(env, 'PORT', 3000, 0, 65535),
      corsOrigins: list(env, 'CORS_ORIGINS', []),
      allowedHosts: list(env, 'ALLOWED_HOSTS', ['localhost', '127.0.0.1', '[::1]']),
      trustProxy: trustProxy(env),
      bodyLimitBytes: bytes(env, 'BODY_LIMIT', 1024 * 1024, 64 * 1024 * 1024),
      uploadLimitBytes: bytes(env, 'UPLOAD_LIMIT', 10 * 1024 * 1024, 1024 * 1024 * 1024),
      rateLimit: {
        windowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
        max: int(env, 'RATE_LIMIT_MAX', 600, 1, 10_000_000),
        blockSeconds: int(env, 'RATE_LIMIT_BLOCK_SECONDS', 60, 1, 86_400),
      },
      shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 25_000, 1_000, 600_000),
    },
    database: {
      url: url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/hms', ['postgres:', 'postgresql:']),
      poolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200),
      migrateOnStart: bool(env, 'DB_MIGRATE_ON_START', true),
      statementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
    },
    redis: { url: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']) },
    queue: {
      prefix: str(env, 'QUEUE_PREFIX', 'hms'),
      domainEventsConcurrency: int(env, 'DOMAIN_EVENTS_CONCURRENCY', 4, 1, 100),
      lockDurationMs: int(env, 'QUEUE_LOCK_DURATION_MS', 30_000, 1_000, 600_000),
      stalledIntervalMs: int(env, 'QUEUE_STALLED_INTERVAL_MS', 30_000, 500, 600_000),
    },
    outbox: {
      pollIntervalMs: int(env, 'OUTBOX_POLL_INTERVAL_MS', 1_000, 50, 60_000),
      batchSize: int(env, 'OUTBOX_BATCH_SIZE', 500, 1, 10_000),
      retentionDays: int(env, 'OUTBOX_RETENTION_DAYS', 7, 1, 3_650),
    },
    auth: {
      jwtKeys: keyring(env, 'JWT_KEYS', `dev1:${devSecret('jwt')}`, 32),
      jwtIssuer: str(env, 'JWT_ISSUER', 'hms'),
      jwtAudience: str(env, 'JWT_AUDIENCE', 'hms-api'),
      accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 15 * 60, 30, 24 * 3600),
      sessionAbsoluteTtlSeconds: int(env, 'SESSION_ABSOLUTE_TTL_SECONDS', 12 * 3600, 300, 30 * 24 * 3600),
      sessionIdleTimeoutSeconds: int(env, 'SESSION_IDLE_TIMEOUT_SECONDS', 30 * 60, 60, 30 * 24 * 3600),
      lockout: {
        threshold: int(env, 'LOCKOUT_THRESHOLD', 5, 1, 1000),
        windowSeconds: int(env, 'LOCKOUT_WINDOW_SECONDS', 15 * 60, 1, 86_400),
        durationSeconds: int(env, 'LOCKOUT_DURATION_SECONDS', 15 * 60, 0, 365 * 86_400),
      },
      loginRateLimitPerMinute: int(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 20, 1, 100_000),
      cacheTtlSeconds: int(env, 'AUTH_CACHE_TTL_SECONDS', 30, 1, 3600),
      emergencyAccessSeconds: int(env, 'EMERGENCY_ACCESS_SECONDS', 60 * 60, 1, 24 * 3600),
      bootstrapAdmin: bootstrapAdmin(env),
    },
    crypto: {
      piiKeys,
      blindIndexKeys: keyring(env, 'PII_BLIND_INDEX_KEYS', `dev1:${devSecret('blind-index')}`, 32),
      auditHmacKey: decodeSecret('AUDIT_HMAC_KEY', secrets.AUDIT_HMAC_KEY ?? devSecret('audit'), 32),
    },
    audit: {
      // At most a week: Node timers cannot wait longer than about 24.8 days.
      verifyIntervalSeconds: int(env, 'AUDIT_VERIFY_INTERVAL_SECONDS', 3600, 0, 7 * 86_400),
    },
    hospitals: {
      defaultTimeZone: ianaTimeZone(env, 'DEFAULT_TIME_ZONE', 'UTC'),
      importMaxRows: int(env, 'HOSPITAL_IMPORT_MAX_ROWS', 20, 1, 10_000_000),
      importMaxBytes: bytes(env, 'HOSPITAL_IMPORT_MAX_BYTES', 1024 * 1024, 1024 * 1024 * 1024),
      importChunkSize: int(env, 'HOSPITAL_IMPORT_CHUNK_SIZE', 1_000, 1, 10_000),
      importConcurrency: int(env, 'HOSPITAL_IMPORT_CONCURRENCY', 1, 1, 16),
      importAttempts: int(env, 'HOSPITAL_IMPORT_ATTEMPTS', 5, 1, 100),
    },
    patients: {
      mrnPrefix: mrnPrefix(env),
      rotationBatchSize: int(env, 'PII_ROTATION_BATCH_SIZE', 500, 1, 10_000),
    },
    log: {
      level: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    },
  };
}
