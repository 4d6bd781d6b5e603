import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EmergencyGrant } from '@hms/authz';
import { type EntryRefusal, type Keyring, openEntry, sealEntry } from '@hms/crypto';
import type { Redis } from 'ioredis';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { MetricsService } from '../../../infrastructure/metrics/metrics.service.js';
import { createRedisClient } from '../../../infrastructure/redis/redis-client.js';
import { REDIS_CLIENT } from '../../../infrastructure/redis/redis.module.js';
import { AuthStateForgets } from './auth-state-forgets.js';
import { authStateKeyring } from './auth-state-keyring.js';
import { LocalAuthStateCache, type LocalRead } from './local-auth-state-cache.js';

export interface SessionState {
  readonly userId: string;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  /** The session's last recorded activity (recordActivity), which the idle timeout counts from. */
  readonly lastSeenAt: Date;
}

export interface UserSnapshot {
  readonly status: 'active' | 'locked' | 'deactivated';
  readonly lockedUntil: Date | null;
  readonly hospitalId: string | null;
  readonly departmentId: string | null;
  readonly roles: string[];
  readonly permissions: string[];
  readonly grants: EmergencyGrant[];
}

/** The JSON form kept in Redis: dates as ISO strings. */
type Cached<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

type CacheKind = 'session' | 'user';

/** Sessions and users kept in process memory at most; the oldest are dropped beyond. */
const LOCAL_ENTRIES_KEPT = 20_000;

/** One of the two entries a request needs, not found in process memory. */
interface Fetch<T> {
  readonly cache: CacheKind;
  readonly key: string;
  readonly read: LocalRead;
  readonly fromDatabase: () => Promise<T | null>;
  revive(raw: unknown): T | null;
}

/**
 * Session and permission state checked on every request. Served from process
 * memory for AUTH_LOCAL_CACHE_MS, else from Redis for a few seconds, re-read
 * from PostgreSQL on a miss. Every command that changes a user, a role, a
 * session or a grant deletes the affected keys after commit, drops them here
 * and tells every other process to drop them (ADR 27): the change holds on
 * this process's next request, and on the others' once the message arrives,
 * within AUTH_LOCAL_CACHE_MS if it never does. A process not subscribed to
 * those messages serves nothing from memory. If Redis is away, every request
 * reads PostgreSQL: slower, never wrong.
 *
 * Whoever can write to Redis must not be able to grant a permission or
 * revive a session, so entries are signed (ADR 6): an entry whose MAC, key
 * name or expiry does not check out is a miss, logged and counted, and is
 * overwritten by the state read from PostgreSQL. What memory holds was
 * checked when it was read.
 */
@Injectable()
export class AuthStateStore implements OnApplicationShutdown {
  private readonly logger = new Logger(AuthStateStore.name);
  private readonly prefix: string;
  private readonly ttl: number;
  private readonly keyring: Keyring;
  private readonly refusals: Counter<'cache' | 'reason'>;
  private readonly local: LocalAuthStateCache;
  private readonly forgets: AuthStateForgets;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    metrics: MetricsService,
  ) {
    this.prefix = `${config.queue.prefix}:auth`;
    this.ttl = config.auth.cacheTtlSeconds;
    this.keyring = authStateKeyring(config.auth.jwtKeys);
    this.refusals = new Counter({
      name: 'auth_cache_entries_refused_total',
      help: 'Cached session or permission entries refused (forged, moved, expired or malformed) and re-read from PostgreSQL',
      labelNames: ['cache', 'reason'] as const,
      registers: [metrics.registry],
    });
    const local = new LocalAuthStateCache(config.auth.localCacheMs, LOCAL_ENTRIES_KEPT);
    this.local = local;
    new Gauge({
      name: 'auth_local_cache_serving',
      help: 'Whether session and permission state is served from process memory (1), or every request reads Redis (0: turned off, or not subscribed to forgets)',
      registers: [metrics.registry],
      collect() {
        this.set(local.serving ? 1 : 0);
      },
    });
    const channel = `${this.prefix}:forget`;
    this.forgets = new AuthStateForgets(
      channel,
      `${this.prefix}:`,
      redis,
      () =>
        createRedisClient(config, new Logger('Redis'), {
          lazyConnect: true,
          // Subscribed again on every connection by AuthStateForgets, which must know when it was not.
          autoResubscribe: false,
          // Found in CLIENT LIST by the channel it serves.
          connectionName: channel,
        }),
      this.local,
      this.logger,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.forgets.close();
  }

  private sessionKey(id: string) {
    return `${this.prefix}:session:${id}`;
  }

  private userKey(id: string) {
    return `${this.prefix}:user:${id}`;
  }

  async load(userId: string, sessionId: string): Promise<{ session: SessionState | null; user: UserSnapshot | null }> {
    this.forgets.listen();
    const sessionKey = this.sessionKey(sessionId);
    const userKey = this.userKey(userId);
    const startedAt = Date.now();
    const session = this.local.get<SessionState>(sessionKey, startedAt);
    const user = this.local.get<UserSnapshot>(userKey, startedAt);
    if (session && user) return { session, user };
    const fetches: Fetch<SessionState | UserSnapshot>[] = [];
    if (!session) fetches.push(this.miss('session', sessionKey, startedAt, () => this.loadSession(sessionId), reviveSession));
    if (!user) fetches.push(this.miss('user', userKey, startedAt, () => this.loadUser(userId), reviveUser));
    const values = await this.fetch(fetches);
    const fetched = (cache: CacheKind) => values[fetches.findIndex((f) => f.cache === cache)] ?? null;
    return {
      session: session ?? (fetched('session') as SessionState | null),
      user: user ?? (fetched('user') as UserSnapshot | null),
    };
  }

  private miss<T>(
    cache: CacheKind,
    key: string,
    startedAt: number,
    fromDatabase: () => Promise<T | null>,
    revive: (raw: never) => T | null,
  ): Fetch<T> {
    return { cache, key, read: this.local.begin(key, startedAt), fromDatabase, revive };
  }

  /**
   * Entries not in memory, in one Redis round trip, then PostgreSQL for what
   * Redis lacks or refuses. What was not served from Redis is written back
   * signed, unless a forget named the key meanwhile: the value may predate
   * the change. Each value is kept in memory unless the key was dropped or
   * the memory emptied meanwhile (LocalAuthStateCache).
   */
  private async fetch<T>(fetches: Fetch<T>[]): Promise<(T | null)[]> {
    const values: (T | null)[] = fetches.map(() => null);
    try {
      let stored: (string | null)[] = fetches.map(() => null);
      try {
        stored = await this.redis.mget(...fetches.map((f) => f.key));
      } catch {
        // Redis away: fall through to PostgreSQL.
      }
      const now = Date.now();
      const cached = fetches.map((f, i) => this.open<unknown>(f.cache, f.key, stored[i], now));
      await Promise.all(
        fetches.map(async (f, i) => {
          values[i] = cached[i] ? f.revive(cached[i]) : await f.fromDatabase();
        }),
      );
      // A refused entry with nothing to replace it (no such session or user) is deleted, so it is
      // not refused again on every request.
      const writes: [string, T][] = [];
      const deletes: string[] = [];
      fetches.forEach((f, i) => {
        if (cached[i] || f.read.forgotten) return;
        const value = values[i];
        if (value) writes.push([f.key, value]);
        else if (stored[i] !== null) deletes.push(f.key);
      });
      if (writes.length || deletes.length) {
        const pipeline = this.redis.pipeline();
        const expiresAtMs = Date.now() + this.ttl * 1000;
        for (const [key, value] of writes) pipeline.set(key, sealEntry(this.keyring, key, value, expiresAtMs), 'EX', this.ttl);
        if (deletes.length) pipeline.del(...deletes);
        await pipeline.exec().catch(() => undefined);
      }
    } finally {
      fetches.forEach((f, i) => this.local.settle(f.read, values[i]));
    }
    return values;
  }

  /**
   * Records that the session served a request at `at`, then drops its cached
   * state so the next request reads the new time. Callers throttle it
   * (activityRecordDue); the UPDATE never moves the time back, so replicas
   * racing on one session cannot undo each other.
   */
  async recordActivity(sessionId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2`, [sessionId, at]);
    await this.forgetSessions([sessionId]);
  }

  /** A stored entry's value if it is ours, for this key and not expired; anything else is a miss. */
  private open<T>(cache: CacheKind, key: string, stored: string | null, now: number): T | undefined {
    if (stored === null) return undefined;
    const opened = openEntry(this.keyring, key, stored, now);
    if (opened.ok) return opened.value as T;
    this.refused(cache, opened.reason);
    return undefined;
  }

  private refused(cache: CacheKind, reason: EntryRefusal): void {
    this.refusals.inc({ cache, reason });
    // No key name: it holds a user or session id. `refusal`, as the logger redacts any `reason`.
    // An entry read in the instant between its own expiry and Redis's (set a moment later, by
    // another clock) is expired innocently: not a warning.
    const message = 'refused a cached auth entry that failed its check; reading PostgreSQL';
    if (reason === 'expired') this.logger.debug({ cache, refusal: reason }, message);
    else this.logger.warn({ cache, refusal: reason }, message);
  }

  async forgetUsers(userIds: readonly string[]): Promise<void> {
    await this.forget(userIds.map((id) => this.userKey(id)));
  }

  async forgetSessions(sessionIds: readonly string[]): Promise<void> {
    await this.forget(sessionIds.map((id) => this.sessionKey(id)));
  }

  /**
   * Deletes the keys from Redis, then from memory (in that order, so a read
   * starting in between cannot fetch the old entry back), then tells the
   * other processes. A failure is logged: the entries still expire, from
   * Redis within AUTH_CACHE_TTL_SECONDS and from every process's memory
   * within AUTH_LOCAL_CACHE_MS after that.
   */
  private async forget(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      for (let i = 0; i < keys.length; i += 500) await this.redis.del(...keys.slice(i, i + 500));
    } catch (error) {
      this.logger.warn({ err: error }, `could not evict auth state; it expires within ${this.ttl} s`);
    }
    this.local.drop(keys);
    try {
      await this.forgets.publish(keys);
    } catch (error) {
      this.logger.warn(
        { err: error },
        `could not tell other processes to forget auth state; they hold it at most ${this.local.ttlMs} ms`,
      );
    }
  }

  private async loadSession(sessionId: string): Promise<SessionState | null> {
    const [row] = await this.dataSource.query<
      { user_id: string; expires_at: Date; revoked_at: Date | null; last_seen_at: Date }[]
    >(`SELECT user_id, expires_at, revoked_at, last_seen_at FROM sessions WHERE id = $1`, [sessionId]);
    return row
      ? { userId: row.user_id, expiresAt: row.expires_at, revokedAt: row.revoked_at, lastSeenAt: row.last_seen_at }
      : null;
  }

  private async loadUser(userId: string): Promise<UserSnapshot | null> {
    // One round trip: the user, the union of their roles' permissions, and their grants still in force.
    const [row] = await this.dataSource.query<
      {
        status: UserSnapshot['status'];
        locked_until: Date | null;
        hospital_id: string | null;
        department_id: string | null;
        roles: string[];
        permissions: string[];
        grants: { id: string; patient_id: string; expires_at: string }[];
      }[]
    >(
      `SELECT u.status, u.locked_until, u.hospital_id, u.department_id,
              COALESCE(array_agg(DISTINCT r.name) FILTER (WHERE r.name IS NOT NULL), '{}') AS roles,
              COALESCE(array_agg(DISTINCT p.permission) FILTER (WHERE p.permission IS NOT NULL), '{}') AS permissions,
              (SELECT COALESCE(json_agg(json_build_object('id', g.id, 'patient_id', g.patient_id, 'expires_at', g.expires_at)), '[]')
                 FROM emergency_access_grants g
                WHERE g.user_id = u.id AND g.expires_at > now()) AS grants
         FROM users u
         LEFT JOIN user_roles ur ON ur.user_id = u.id
         LEFT JOIN roles r ON r.id = ur.role_id
         LEFT JOIN LATERAL unnest(r.permissions) AS p(permission) ON true
        WHERE u.id = $1
        GROUP BY u.id`,
      [userId],
    );
    if (!row) return null;
    return {
      status: row.status,
      lockedUntil: row.locked_until,
      hospitalId: row.hospital_id,
      departmentId: row.department_id,
      roles: row.roles,
      permissions: row.permissions,
      grants: row.grants.map((g) => ({ grantId: g.id, patientId: g.patient_id, expiresAt: new Date(g.expires_at) })),
    };
  }
}

/** A cached session, or null for an entry written before sessions recorded their activity (read afresh). */
function reviveSession(raw: Cached<SessionState>): SessionState | null {
  if (typeof raw.lastSeenAt !== 'string') return null;
  return {
    userId: raw.userId,
    expiresAt: new Date(raw.expiresAt),
    revokedAt: raw.revokedAt ? new Date(raw.revokedAt) : null,
    lastSeenAt: new Date(raw.lastSeenAt),
  };
}

function reviveUser(raw: Cached<UserSnapshot>): UserSnapshot {
  return {
    ...raw,
    lockedUntil: raw.lockedUntil ? new Date(raw.lockedUntil) : null,
    grants: (raw.grants as unknown as { grantId: string; patientId: string; expiresAt: string }[]).map((g) => ({
      ...g,
      expiresAt: new Date(g.expiresAt),
    })),
  };
}
