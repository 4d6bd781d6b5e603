import { canonicalTimeZone } from '@hms/ddd';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { bool, bytes, ConfigError, type Env, int, list, oneOf, optionalStr, str, url } from './env-parsers.js';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

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
  readonly env: NodeEnv;
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
  readonly redis: {
    /** `redis://` or `rediss://` (TLS), with the credentials Redis requires: `redis://:<password>@host:6379/<db>`. */
    readonly url: string;
    /** PEM certificates trusted for a `rediss://` server instead of Node's default authorities. */
    readonly tlsCa?: string;
  };
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
    /** Hard locks (ADR 21): failures or distinct addresses within the window; never for the user's usual addresses. */
    readonly lockout: {
      readonly threshold: number;
      readonly distinctAddresses: number;
      readonly windowSeconds: number;
      readonly durationSeconds: number;
    };
    /** Growing waits after failed sign-ins, per account and address and per address (ADR 21). */
    readonly signInThrottle: {
      readonly accountAddressFreeFailures: number;
      readonly addressFreeFailures: number;
      readonly maxDelaySeconds: number;
      readonly forgetAfterSeconds: number;
      /** An address the user signed in from within this many days is exempt from what failures elsewhere cause. */
      readonly usualAddressDays: number;
    };
    readonly loginRateLimitPerMinute: number;
    /** How long session and permission state may be served from Redis before it is re-read. */
    readonly cacheTtlSeconds: number;
    /**
     * How long a process serves session and permission state from its own memory (ADR 27): the most
     * another process's change can take to be seen here if its message is lost; 0 turns it off.
     */
    readonly localCacheMs: number;
    readonly emergencyAccessSeconds: number;
    readonly bootstrapAdmin?: { readonly email: string; readonly password: string };
  };
  readonly crypto: {
    readonly piiKeys: readonly NamedKey[];
    /** Blind-index keys: the first computes new indexes, all are searched while a rotation rebuilds them. */
    readonly blindIndexKeys: readonly NamedKey[];
    /** Audit chain HMAC keys: the first signs new entries, each verifies the entries that name its id. */
    readonly auditHmacKeys: readonly NamedKey[];
  };
  readonly audit: {
    /** Seconds between scheduled verifications of the audit hash chain in the worker; 0 disables them. */
    readonly verifyIntervalSeconds: number;
  };
  readonly intake: {
    /** Most records a JSON feed may hold (INGEST_MAX_RECORDS); larger feeds use the CSV route. */
    readonly maxRecords: number;
    /** Largest JSON feed body (INGEST_BODY_LIMIT): room for INGEST_MAX_RECORDS records of the longest fields. */
    readonly bodyLimitBytes: number;
    /** Most records a CSV feed may hold. */
    readonly csvMaxRecords: number;
    /** Largest CSV feed; a larger upload answers 413. */
    readonly csvMaxBytes: number;
    /** Records the worker applies per transaction (each under its own savepoint). */
    readonly chunkSize: number;
    /** Intake jobs one worker process runs at once. */
    readonly concurrency: number;
    /** Tries of an intake job before its batch is marked failed. */
    readonly attempts: number;
  };
  readonly appointments: {
    /** Least time between now and a booked start, in minutes (APPOINTMENT_MIN_LEAD_MINUTES); walk-ins are exempt. */
    readonly minLeadMinutes: number;
    /** Most appointments a practitioner holds on one local calendar day (APPOINTMENT_DAILY_LIMIT_PER_PRACTITIONER). */
    readonly dailyLimitPerPractitioner: number;
    /** How long a hold keeps a slot (APPOINTMENT_HOLD_SECONDS). */
    readonly holdSeconds: number;
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
    /** Directory an upload is streamed to (a temporary file) while its request validates and stores it. */
    readonly importTempDir: string;
  };
  readonly patients: {
    /** Letters put before generated medical record numbers (`MRN` gives MRN000012345 + check digit). */
    readonly mrnPrefix: string;
    /** Patients re-encrypted per transaction by a key rotation. */
    readonly rotationBatchSize: number;
  };
  /** Object storage (ADR 37): where files such as intake feeds are kept. */
  readonly storage: {
    readonly driver: StorageDriver;
    /** The local driver's directory. */
    readonly localDir: string;
    /** The S3 driver's settings; present when it is the driver. */
    readonly s3?: {
      readonly endpoint?: string;
      readonly region: string;
      readonly bucket: string;
      readonly forcePathStyle: boolean;
      readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
    };
    /** Days a stored file is kept before the cleanup removes it; 0 keeps files forever. */
    readonly retentionDays: number;
  };
  readonly log: { readonly level: LogLevel };
}

export const STORAGE_DRIVERS = ['local', 's3'] as const;
export type StorageDriver = (typeof STORAGE_DRIVERS)[number];

/** Placeholders that older copies of .env.example shipped; refused in every environment. */
export const PLACEHOLDER_MARKER = 'change-me';

/** The key variables: required in production; elsewhere an entry point fills unset ones from the development key file. */
export const SECRET_VARIABLES = ['JWT_KEYS', 'PII_ENCRYPTION_KEYS', 'PII_BLIND_INDEX_KEYS', 'AUDIT_HMAC_KEYS'] as const;
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

/** Random keys generated for one checkout (src/config/dev-key-file.ts), in the variables' own format. */
export type DevKeys = Readonly<Record<SecretVariable, string>>;

export function nodeEnvOf(env: Env): NodeEnv {
  return oneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
}

/** The id AUDIT_HMAC_KEY's one key is given: the key of the entries recorded before entries named theirs (ADR 7). */
export const LEGACY_AUDIT_KEY_ID = 'k0';

/** A key variable's value in the environment; AUDIT_HMAC_KEYS may be given as AUDIT_HMAC_KEY, the one key `k0`. */
function secretInEnv(env: Env, name: SecretVariable): string | undefined {
  const value = optionalStr(env, name);
  if (name !== 'AUDIT_HMAC_KEYS') return value;
  const single = optionalStr(env, 'AUDIT_HMAC_KEY');
  if (single === undefined) return value;
  if (value !== undefined) {
    throw new ConfigError(
      'AUDIT_HMAC_KEYS',
      `and AUDIT_HMAC_KEY are both set; set one (AUDIT_HMAC_KEY is ${LEGACY_AUDIT_KEY_ID}:<secret>)`,
    );
  }
  return `${LEGACY_AUDIT_KEY_ID}:${single}`;
}

/** The key variables the environment leaves unset (neither `<NAME>` nor `<NAME>_FILE`). */
export function unsetSecrets(env: Env): SecretVariable[] {
  return SECRET_VARIABLES.filter((name) => secretInEnv(env, name) === undefined);
}

function decodeSecret(variable: string, value: string, minBytes: number): Buffer {
  // Secrets are base64 (standard or URL-safe) of random bytes; anything else is taken as UTF-8.
  const secret = /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : Buffer.from(value, 'utf8');
  if (secret.length < minBytes) throw new ConfigError(variable, `must hold at least ${minBytes} bytes of key material`);
  return secret;
}

function keyring(variable: string, value: string, minBytes: number): NamedKey[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
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

/**
 * Every key variable's value: from the environment, or outside production
 * from the development keys an entry point passes in. There is no built-in
 * fallback, so a key never comes from a string in the repository.
 */
function secretsOf(env: Env, production: boolean, devKeys: DevKeys | undefined): Record<SecretVariable, string> {
  const secrets = {} as Record<SecretVariable, string>;
  for (const name of SECRET_VARIABLES) {
    const value = secretInEnv(env, name) ?? (production ? undefined : devKeys?.[name]);
    if (value === undefined) {
      throw new ConfigError(
        name,
        production
          ? 'is required when NODE_ENV=production'
          : 'is not set; start through npm start, npm run cli or npm run seed, which generate development keys into .hms/dev-keys.json',
      );
    }
    if (value.includes(PLACEHOLDER_MARKER)) {
      throw new ConfigError(
        name,
        production
          ? 'still holds a placeholder; generate a real secret'
          : 'still holds a placeholder; generate a real secret, or leave it unset for generated development keys',
      );
    }
    secrets[name] = value;
  }
  return secrets;
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

function absolutePath(env: Env, name: string, fallback: string): string {
  const value = str(env, name, fallback);
  if (!isAbsolute(value)) throw new ConfigError(name, `must be an absolute path, got "${value}"`);
  return value;
}

function storage(env: Env): AppConfig['storage'] {
  const driver = oneOf(env, 'STORAGE_DRIVER', STORAGE_DRIVERS, 'local');
  const accessKeyId = optionalStr(env, 'S3_ACCESS_KEY_ID');
  const secretAccessKey = optionalStr(env, 'S3_SECRET_ACCESS_KEY');
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new ConfigError(accessKeyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID', 'must be set with its pair, or neither');
  }
  const endpoint = optionalStr(env, 'S3_ENDPOINT');
  const bucket = optionalStr(env, 'S3_BUCKET');
  if (driver === 's3' && !bucket) throw new ConfigError('S3_BUCKET', 'is required when STORAGE_DRIVER=s3');
  return {
    driver,
    localDir: absolutePath(env, 'STORAGE_DIR', join(process.cwd(), '.hms', 'storage')),
    ...(driver === 's3' && bucket
      ? {
          s3: {
            endpoint: endpoint ? url(env, 'S3_ENDPOINT', endpoint, ['http:', 'https:']) : undefined,
            region: str(env, 'S3_REGION', 'us-east-1'),
            bucket,
            forcePathStyle: bool(env, 'S3_FORCE_PATH_STYLE', false),
            credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
          },
        }
      : {}),
    retentionDays: int(env, 'STORAGE_RETENTION_DAYS', 90, 0, 36_500),
  };
}

function mrnPrefix(env: Env): string {
  const value = str(env, 'PATIENT_MRN_PREFIX', 'MRN');
  if (!/^[A-Z]{0,6}$/.test(value)) throw new ConfigError('PATIENT_MRN_PREFIX', 'must be 0-6 capital letters');
  return value;
}

function redis(env: Env): AppConfig['redis'] {
  const value = url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']);
  const parsed = new URL(value);
  // Only what both clients (the shared one and Bull's) read the same way: host, port, credentials, database.
  if (!/^\/?(\d{1,5})?$/.test(parsed.pathname)) throw new ConfigError('REDIS_URL', 'path must be a database number, such as /0');
  if (parsed.search || parsed.hash) throw new ConfigError('REDIS_URL', 'must carry no query or fragment');
  const tlsCa = optionalStr(env, 'REDIS_TLS_CA');
  if (tlsCa !== undefined) {
    if (parsed.protocol !== 'rediss:') throw new ConfigError('REDIS_TLS_CA', 'needs a rediss:// REDIS_URL');
    if (!tlsCa.includes('-----BEGIN CERTIFICATE-----'))
      throw new ConfigError('REDIS_TLS_CA', 'must hold PEM certificates (or name a file of them with REDIS_TLS_CA_FILE)');
  }
  return { url: value, tlsCa };
}

function signInThrottle(env: Env): AppConfig['auth']['signInThrottle'] {
  const maxDelaySeconds = int(env, 'SIGN_IN_MAX_DELAY_SECONDS', 15 * 60, 1, 86_400);
  const forgetAfterSeconds = int(env, 'SIGN_IN_FORGET_AFTER_SECONDS', 3600, 2, 7 * 86_400);
  // A throttle that forgot its failures before its wait ended would never reach the longer waits.
  if (forgetAfterSeconds <= maxDelaySeconds)
    throw new ConfigError('SIGN_IN_FORGET_AFTER_SECONDS', 'must be longer than SIGN_IN_MAX_DELAY_SECONDS');
  return {
    accountAddressFreeFailures: int(env, 'SIGN_IN_FREE_FAILURES', 5, 1, 1000),
    addressFreeFailures: int(env, 'SIGN_IN_ADDRESS_FREE_FAILURES', 20, 1, 100_000),
    maxDelaySeconds,
    forgetAfterSeconds,
    usualAddressDays: int(env, 'SIGN_IN_USUAL_ADDRESS_DAYS', 30, 1, 365),
  };
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

/**
 * The validated configuration. Pure: outside production, key variables the
 * environment leaves unset are taken from `devKeys`, which the entry points
 * read from (or generate into) the checkout's key file (loadConfigForProcess).
 */
export function loadConfig(env: Env = process.env, devKeys?: DevKeys): AppConfig {
  const nodeEnv = nodeEnvOf(env);
  const production = nodeEnv === 'production';
  const secrets = secretsOf(env, production, devKeys);

  const piiKeys = keyring('PII_ENCRYPTION_KEYS', secrets.PII_ENCRYPTION_KEYS, 32);
  for (const key of piiKeys) {
    if (key.secret.length !== 32)
      throw new ConfigError('PII_ENCRYPTION_KEYS', `key "${key.id}" must be exactly 32 bytes (base64 of 32 random bytes)`);
  }

  return {
    env: nodeEnv,
    role: oneOf(env, 'APP_ROLE', APP_ROLES, 'all'),
    http: {
      // Loopback unless production: a forgotten NODE_ENV must not serve on every interface.
      host: str(env, 'HOST', production ? '0.0.0.0' : '127.0.0.1'),
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
    redis: redis(env),
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
      jwtKeys: keyring('JWT_KEYS', secrets.JWT_KEYS, 32),
      jwtIssuer: str(env, 'JWT_ISSUER', 'hms'),
      jwtAudience: str(env, 'JWT_AUDIENCE', 'hms-api'),
      accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 15 * 60, 30, 24 * 3600),
      sessionAbsoluteTtlSeconds: int(env, 'SESSION_ABSOLUTE_TTL_SECONDS', 12 * 3600, 300, 30 * 24 * 3600),
      sessionIdleTimeoutSeconds: int(env, 'SESSION_IDLE_TIMEOUT_SECONDS', 30 * 60, 60, 30 * 24 * 3600),
      lockout: {
        threshold: int(env, 'LOCKOUT_THRESHOLD', 100, 1, 100_000),
        distinctAddresses: int(env, 'LOCKOUT_DISTINCT_ADDRESSES', 10, 1, 100_000),
        windowSeconds: int(env, 'LOCKOUT_WINDOW_SECONDS', 86_400, 1, 30 * 86_400),
        durationSeconds: int(env, 'LOCKOUT_DURATION_SECONDS', 15 * 60, 0, 365 * 86_400),
      },
      signInThrottle: signInThrottle(env),
      loginRateLimitPerMinute: int(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 20, 1, 100_000),
      cacheTtlSeconds: int(env, 'AUTH_CACHE_TTL_SECONDS', 30, 1, 3600),
      localCacheMs: int(env, 'AUTH_LOCAL_CACHE_MS', 1_000, 0, 60_000),
      emergencyAccessSeconds: int(env, 'EMERGENCY_ACCESS_SECONDS', 60 * 60, 1, 24 * 3600),
      bootstrapAdmin: bootstrapAdmin(env),
    },
    crypto: {
      piiKeys,
      blindIndexKeys: keyring('PII_BLIND_INDEX_KEYS', secrets.PII_BLIND_INDEX_KEYS, 32),
      // Named as set, so a refusal names the variable the operator wrote.
      auditHmacKeys: keyring(
        optionalStr(env, 'AUDIT_HMAC_KEY') === undefined ? 'AUDIT_HMAC_KEYS' : 'AUDIT_HMAC_KEY',
        secrets.AUDIT_HMAC_KEYS,
        32,
      ),
    },
    audit: {
      // At most a week: Node timers cannot wait longer than about 24.8 days.
      verifyIntervalSeconds: int(env, 'AUDIT_VERIFY_INTERVAL_SECONDS', 3600, 0, 7 * 86_400),
    },
    intake: {
      maxRecords: int(env, 'INGEST_MAX_RECORDS', 10_000, 1, 100_000),
      bodyLimitBytes: bytes(env, 'INGEST_BODY_LIMIT', 32 * 1024 * 1024, 512 * 1024 * 1024),
      csvMaxRecords: int(env, 'INGEST_CSV_MAX_RECORDS', 2_000_000, 1, 100_000_000),
      csvMaxBytes: bytes(env, 'INGEST_CSV_MAX_BYTES', 1024 * 1024 * 1024, 64 * 1024 * 1024 * 1024),
      chunkSize: int(env, 'INGEST_CHUNK_SIZE', 200, 1, 10_000),
      concurrency: int(env, 'INGEST_CONCURRENCY', 1, 1, 16),
      attempts: int(env, 'INGEST_ATTEMPTS', 5, 1, 100),
    },
    appointments: {
      minLeadMinutes: int(env, 'APPOINTMENT_MIN_LEAD_MINUTES', 120, 0, 60 * 24 * 30),
      dailyLimitPerPractitioner: int(env, 'APPOINTMENT_DAILY_LIMIT_PER_PRACTITIONER', 8, 1, 1_000),
      holdSeconds: int(env, 'APPOINTMENT_HOLD_SECONDS', 300, 10, 3_600),
    },
    hospitals: {
      defaultTimeZone: ianaTimeZone(env, 'DEFAULT_TIME_ZONE', 'UTC'),
      importMaxRows: int(env, 'HOSPITAL_IMPORT_MAX_ROWS', 20, 1, 10_000_000),
      importMaxBytes: bytes(env, 'HOSPITAL_IMPORT_MAX_BYTES', 1024 * 1024, 1024 * 1024 * 1024),
      importChunkSize: int(env, 'HOSPITAL_IMPORT_CHUNK_SIZE', 1_000, 1, 10_000),
      importConcurrency: int(env, 'HOSPITAL_IMPORT_CONCURRENCY', 1, 1, 16),
      importAttempts: int(env, 'HOSPITAL_IMPORT_ATTEMPTS', 5, 1, 100),
      importTempDir: absolutePath(env, 'HOSPITAL_IMPORT_TMP_DIR', tmpdir()),
    },
    patients: {
      mrnPrefix: mrnPrefix(env),
      rotationBatchSize: int(env, 'PII_ROTATION_BATCH_SIZE', 500, 1, 10_000),
    },
    storage: storage(env),
    log: {
      level: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    },
  };
}
