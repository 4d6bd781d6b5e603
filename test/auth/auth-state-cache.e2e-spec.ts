import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sealEntry } from '@hms/crypto';
import { Redis } from 'ioredis';
import { authStateKeyring } from '../../src/modules/auth/infrastructure/auth-state-keyring.js';
import { bearer, login, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { REDIS_URL, uniqueSuffix } from '../support/test-env.js';

const sidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sid: string }).sid;

/**
 * What someone who can write to Redis (and holds no key of ours) would write
 * into the session and permission cache the guard reads on every request.
 * None of it may grant a permission or revive a session.
 */
describe('the Redis cache of session and permission state', () => {
  let t: TestApp;
  let redis: Redis;
  let prefix: string;
  let adminPermissions: string[];

  beforeAll(async () => {
    // Every request reads Redis (no copy in process memory, ADR 27): what is written there is what the guard sees next.
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', AUTH_LOCAL_CACHE_MS: '0' } });
    redis = new Redis(REDIS_URL);
    prefix = `${t.config.queue.prefix}:auth`;
    [{ permissions: adminPermissions }] = await t.db.query<{ permissions: string[] }>(
      `SELECT permissions FROM roles WHERE name = 'admin'`,
    );
  });
  afterAll(async () => {
    redis.disconnect();
    await t.close();
  });

  const me = (token: string) => t.http().get('/api/v1/auth/me').set('Authorization', bearer(token));
  const userKey = (userId: string) => `${prefix}:user:${userId}`;
  const sessionKey = (token: string) => `${prefix}:session:${sidOf(token)}`;
  /** Every permission there is, as the snapshot of an active admin. */
  const adminSnapshot = () => ({
    status: 'active',
    lockedUntil: null,
    hospitalId: null,
    departmentId: null,
    roles: ['admin'],
    permissions: adminPermissions,
    grants: [],
  });
  const createUser = (who: UserWithTokens) =>
    t
      .http()
      .post('/api/v1/users')
      .set('Authorization', bearer(who.accessToken))
      .send({
        email: `forged.${uniqueSuffix()}@test.hms`,
        displayName: 'Forged',
        password: 'correct staple battery horse 42',
        roles: ['admin'],
      });
  const refusedCount = async (cache: string, reason: string) => {
    const text = (await t.http().get('/metrics')).text;
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`auth_cache_entries_refused_total{cache="${cache}",reason="${reason}"}`));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };
  /** The value of a signed entry as stored (after `v1.<key id>.<mac>.`), to see what the app wrote back. */
  const storedValue = async (key: string) => {
    const stored = await redis.get(key);
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.\{/);
    return (JSON.parse(stored!.split('.').slice(3).join('.')) as { name: string; value: unknown }).value;
  };

  describe('a forged permission snapshot', () => {
    /** The users whose snapshots were forged, to look for in the logs. */
    const targets: string[] = [];

    it('in the old plain-JSON form grants nothing: the request is refused and the real snapshot recomputed', async () => {
      const nurse = await tokenFor(t, 'nurse');
      expect((await me(nurse.accessToken)).status).toBe(200);
      const before = await refusedCount('user', 'malformed');

      await redis.set(userKey(nurse.userId), JSON.stringify(adminSnapshot()), 'EX', 30);
      const res = await createUser(nurse);
      expect([res.status, res.body.code]).toEqual([403, 'AUTH.PERMISSION_REQUIRED']);
      const [{ count }] = await t.db.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM users WHERE display_name = 'Forged'`,
      );
      expect(count).toBe(0);

      const [{ permissions }] = await t.db.query<{ permissions: string[] }>(`SELECT permissions FROM roles WHERE name = 'nurse'`);
      const recomputed = (await storedValue(userKey(nurse.userId))) as { roles: string[]; permissions: string[] };
      expect(recomputed.roles).toEqual(['nurse']);
      expect([...recomputed.permissions].sort()).toEqual([...permissions].sort());
      expect(recomputed.permissions).not.toContain('users:manage');
      expect(await refusedCount('user', 'malformed')).toBe(before + 1);
      targets.push(nurse.userId);
    });

    it('rewritten inside a signed entry (under its old MAC) grants nothing either', async () => {
      const nurse = await tokenFor(t, 'nurse');
      expect((await me(nurse.accessToken)).status).toBe(200);
      const stored = (await redis.get(userKey(nurse.userId)))!;
      const [version, keyId, mac] = stored.split('.');
      const payload = JSON.parse(stored.split('.').slice(3).join('.')) as { value: Record<string, unknown> };
      payload.value = adminSnapshot();
      await redis.set(userKey(nurse.userId), `${version}.${keyId}.${mac}.${JSON.stringify(payload)}`, 'EX', 30);
      const before = await refusedCount('user', 'bad-mac');

      expect((await createUser(nurse)).status).toBe(403);
      expect(await storedValue(userKey(nurse.userId))).toMatchObject({ roles: ['nurse'] });
      expect(await refusedCount('user', 'bad-mac')).toBe(before + 1);
      targets.push(nurse.userId);
    });

    it('is logged as refused, without the user id or key name', () => {
      expect(targets).toHaveLength(2);
      const lines = t.logs
        .entries()
        .filter((e) => e.msg === 'refused a cached auth entry that failed its check; reading PostgreSQL');
      expect(lines.map((e) => [e.cache, e.refusal])).toEqual(
        expect.arrayContaining([
          ['user', 'malformed'],
          ['user', 'bad-mac'],
        ]),
      );
      const text = JSON.stringify(lines);
      expect(text).not.toContain(':auth:');
      for (const userId of targets) expect(text).not.toContain(userId);
    });
  });

  describe('a session ended by logout', () => {
    it('stays ended whatever is written into its key: plain JSON, or a valid entry copied from another session', async () => {
      const user = await tokenFor(t, 'nurse');
      const other = await login(t, user.email, user.password);
      expect((await me(user.accessToken)).status).toBe(200);
      expect((await me(other.accessToken)).status).toBe(200);
      expect((await t.http().post('/api/v1/auth/logout').set('Authorization', bearer(user.accessToken))).status).toBe(204);
      // Logout evicted the entry: with the key missing the guard reads PostgreSQL.
      expect(await redis.exists(sessionKey(user.accessToken))).toBe(0);
      expect((await me(user.accessToken)).status).toBe(401);

      const forgeries = [
        JSON.stringify({ revokedAt: null }),
        JSON.stringify({
          userId: user.userId,
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
          revokedAt: null,
          lastSeenAt: new Date().toISOString(),
        }),
        // The other session of the same user: live, and validly signed for its own key.
        (await redis.get(sessionKey(other.accessToken)))!,
      ];
      for (const forged of forgeries) {
        await redis.set(sessionKey(user.accessToken), forged, 'EX', 30);
        const res = await me(user.accessToken);
        expect([forged.slice(0, 20), res.status, res.body.code]).toEqual([forged.slice(0, 20), 401, 'AUTH.SESSION_ENDED']);
      }
      expect(await refusedCount('session', 'wrong-name')).toBeGreaterThanOrEqual(1);
      // The copied entry was fine where it came from.
      expect((await me(other.accessToken)).status).toBe(200);
    });
  });

  describe('entries signed with the app key', () => {
    it('are served while fresh (so the refusals here are about expiry alone)', async () => {
      const nurse = await tokenFor(t, 'nurse');
      const keyring = authStateKeyring(t.config.auth.jwtKeys);
      const key = userKey(nurse.userId);
      await redis.set(key, sealEntry(keyring, key, adminSnapshot(), Date.now() + 30_000), 'EX', 30);
      expect((await t.http().get('/api/v1/users').set('Authorization', bearer(nurse.accessToken))).status).toBe(200);
    });

    it('are ignored once expired: a replayed permission snapshot or session entry grants nothing', async () => {
      const nurse = await tokenFor(t, 'nurse');
      const keyring = authStateKeyring(t.config.auth.jwtKeys);
      const key = userKey(nurse.userId);
      const before = await refusedCount('user', 'expired');
      await redis.set(key, sealEntry(keyring, key, adminSnapshot(), Date.now() - 1_000), 'EX', 30);
      expect((await t.http().get('/api/v1/users').set('Authorization', bearer(nurse.accessToken))).status).toBe(403);
      expect(await refusedCount('user', 'expired')).toBe(before + 1);

      // A session entry signed while it was live, replayed after logout and after its expiry.
      const live = {
        userId: nurse.userId,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        revokedAt: null,
        lastSeenAt: new Date().toISOString(),
      };
      const session = sessionKey(nurse.accessToken);
      expect((await t.http().post('/api/v1/auth/logout').set('Authorization', bearer(nurse.accessToken))).status).toBe(204);
      await redis.set(session, sealEntry(keyring, session, live, Date.now() - 1_000), 'EX', 30);
      expect((await me(nurse.accessToken)).status).toBe(401);
      // Control: the same entry still fresh would have been trusted.
      await redis.set(session, sealEntry(keyring, session, live, Date.now() + 30_000), 'EX', 30);
      expect((await me(nurse.accessToken)).status).toBe(200);
    });
  });
});
