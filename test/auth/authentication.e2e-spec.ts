import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, UnsecuredJWT } from 'jose';
import { Redis } from 'ioredis';
import { AuthStateStore } from '../../src/modules/auth/infrastructure/auth-state.store.js';
import { createUser, login, tokenFor } from '../support/auth.js';
import { REDIS_URL } from '../support/test-env.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PROBLEM = /^application\/problem\+json/;

/** The claims of a JWT, read without verifying (the server already did). */
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sid: string } & Record<string, unknown>;

describe('authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LOCKOUT_THRESHOLD: '3',
        LOCKOUT_DURATION_SECONDS: '2',
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        // Two signing keys: the first signs, the second (a retired one) still verifies.
        JWT_KEYS: `current:${Buffer.alloc(32, 11).toString('base64')},retired:${Buffer.alloc(32, 12).toString('base64')}`,
      },
    });
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const outboxTypes = async (aggregateId: string) =>
    (await t.db.query<{ type: string }>('SELECT type FROM outbox WHERE aggregate_id = $1 ORDER BY id', [aggregateId])).map(
      (r) => r.type,
    );

  describe('login', () => {
    it('answers tokens, and the access token opens GET /auth/me', async () => {
      const user = await createUser(t, { roles: ['auditor'] });
      const res = await t.http().post('/api/v1/auth/login').send({ email: user.email.toUpperCase(), password: user.password });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
      });
      const profile = await me(res.body.accessToken);
      expect(profile.status).toBe(200);
      expect(profile.body).toMatchObject({ id: user.id, email: user.email, roles: ['auditor'], status: 'active' });
      expect(profile.body.permissions).toEqual(['audit:read', 'hospitals:read', 'users:read']);
      // The access token carries ids, not permissions.
      const claims = claimsOf(res.body.accessToken);
      expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'sid', 'sub']);
    });

    it('gives an unknown email and a wrong password the same answer', async () => {
      const user = await createUser(t, { roles: ['nurse'] });
      const wrong = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: 'not the password at all' });
      const unknown = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'nobody.here@test.hms', password: 'not the password at all' });
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="hms"');
      }
      const strip = ({ correlationId: _c, ...rest }: Record<string, unknown>) => rest;
      expect(strip(wrong.body)).toEqual(strip(unknown.body));
      expect(wrong.body.code).toBe('AUTH.INVALID_CREDENTIALS');
    });

    it('records success and failure without the email or password', async () => {
      const user = await createUser(t, { roles: ['nurse'] });
      await t.http().post('/api/v1/auth/login').send({ email: user.email, password: 'wrong wrong wrong wrong' });
      await login(t, user.email, user.password);
      const rows = await t.db.query<{ type: string; payload: unknown; aggregate_id: string; actor: { kind: string } }>(
        `SELECT type, payload, aggregate_id, actor FROM outbox WHERE type IN ('auth.LoginFailed.v1', 'auth.LoginSucceeded.v1') AND payload->>'userId' = $1 ORDER BY id`,
        [user.id],
      );
      expect(rows.map((r) => r.type)).toEqual(['auth.LoginFailed.v1', 'auth.LoginSucceeded.v1']);
      expect(rows[0].payload).toEqual({ reason: 'wrong-password', userId: user.id });
      expect(rows[0].actor.kind).toBe('anonymous');
      const text = JSON.stringify(rows);
      expect(text).not.toContain(user.email);
      expect(text).not.toContain(user.password);
    });

    it.each([
      [{ email: "admin@x.org' OR '1'='1", password: 'x' }, 'email'],
      [{ email: 'not-an-email', password: 'x' }, 'email'],
      [{ email: 'a@b.org', password: '' }, 'password'],
      [{ email: 'a@b.org', password: 'x', remember: true }, 'remember'],
      [{ email: `${'a'.repeat(250)}@b.org`, password: 'x' }, 'email'],
    ])('rejects malformed input %j with 400 naming %s', async (body, field) => {
      const res = await t.http().post('/api/v1/auth/login').send(body);
      expect(res.status).toBe(400);
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    });

    it('treats SQL in the password as data', async () => {
      const user = await createUser(t, { roles: ['nurse'] });
      const res = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: "' OR '1'='1' --" });
      expect(res.status).toBe(401);
    });
  });

  describe('access tokens', () => {
    let valid: { accessToken: string; userId: string };
    beforeAll(async () => {
      valid = await tokenFor(t, 'auditor');
    });

    const claims = () => ({
      sid: claimsOf(valid.accessToken).sid,
    });
    const secret = () => new Uint8Array(t.config.auth.jwtKeys[0].secret);
    const kid = () => t.config.auth.jwtKeys[0].id;
    const forge = (alter: (jwt: SignJWT) => SignJWT, key: Uint8Array = secret(), header: Record<string, unknown> = {}) =>
      alter(
        new SignJWT(claims())
          .setProtectedHeader({ alg: 'HS256', kid: kid(), typ: 'JWT', ...header })
          .setSubject(valid.userId)
          .setIssuer('hms')
          .setAudience('hms-api')
          .setIssuedAt()
          .setExpirationTime('10m'),
      ).sign(key);

    it('accepts a correctly forged control token (so the refusals below are about the one thing changed)', async () => {
      expect((await me(await forge((j) => j))).status).toBe(200);
    });

    it.each([
      ['no header', undefined],
      ['a Basic header', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'],
      ['garbage', 'Bearer not.a.jwt'],
    ])('answers 401 for %s', async (_name, header) => {
      const req = t.http().get('/api/v1/auth/me');
      const res = header ? await req.set('Authorization', header) : await req;
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('AUTH.INVALID_TOKEN');
    });

    it('accepts a token signed with a retired key still in JWT_KEYS (keys rotate without logging anyone out)', async () => {
      const retired = t.config.auth.jwtKeys[1];
      expect(retired.id).toBe('retired');
      expect((await me(await forge((j) => j, new Uint8Array(retired.secret), { kid: 'retired' }))).status).toBe(200);
      expect((await me(await forge((j) => j, new Uint8Array(retired.secret), { kid: 'current' }))).status).toBe(401);
    });

    it('refuses alg none', async () => {
      const token = new UnsecuredJWT(claims())
        .setSubject(valid.userId)
        .setIssuer('hms')
        .setAudience('hms-api')
        .setIssuedAt()
        .setExpirationTime('10m')
        .encode();
      expect((await me(token)).status).toBe(401);
    });

    it('refuses RS256, even with a kid we know (no algorithm confusion)', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const token = await new SignJWT(claims())
        .setProtectedHeader({ alg: 'RS256', kid: kid() })
        .setSubject(valid.userId)
        .setIssuer('hms')
        .setAudience('hms-api')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      expect((await me(token)).status).toBe(401);
    });

    it('refuses HS256 signed with a foreign key, an unknown kid, a wrong issuer or audience, and an expired token', async () => {
      const foreign = new Uint8Array(Buffer.alloc(32, 7));
      const cases = [
        await forge((j) => j, foreign),
        await forge((j) => j, secret(), { kid: 'someone-elses' }),
        await forge((j) => j.setIssuer('evil')),
        await forge((j) => j.setAudience('another-api')),
        await forge((j) =>
          j.setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 60),
        ),
      ];
      for (const token of cases) {
        const res = await me(token);
        expect(res.status).toBe(401);
      }
    });

    it('refuses a token it accepted before once it expires, and a copy of it with one signature byte changed', async () => {
      const expiresAt = Math.floor(Date.now() / 1000) + 2;
      const token = await forge((j) => j.setExpirationTime(expiresAt));
      expect((await me(token)).status).toBe(200);
      // Verified tokens are remembered: the copy must not be taken for the token itself.
      const last = token.at(-2) === 'A' ? 'B' : 'A';
      const altered = `${token.slice(0, -2)}${last}${token.at(-1)}`;
      expect((await me(altered)).status).toBe(401);
      expect((await me(token)).status).toBe(200);

      await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 50));
      const late = await me(token);
      expect(late.status).toBe(401);
      expect(late.body.detail).toBe('The access token has expired; refresh it');
    });

    it('refuses a valid signature over a session that does not exist', async () => {
      const token = await new SignJWT({ sid: '0193a1f2-5c7e-7d3a-9b1e-2f4a6c8d0e12' })
        .setProtectedHeader({ alg: 'HS256', kid: kid(), typ: 'JWT' })
        .setSubject(valid.userId)
        .setIssuer('hms')
        .setAudience('hms-api')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(secret());
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH.SESSION_ENDED');
    });
  });

  describe('per-request session state', () => {
    it('is read from Redis between changes, and a change evicts it at once', async () => {
      const user = await tokenFor(t, 'nurse');
      expect((await me(user.accessToken)).status).toBe(200);
      const prefix = `${t.config.queue.prefix}:auth`;
      const redis = new Redis(REDIS_URL);
      try {
        expect(await redis.exists(`${prefix}:session:${claimsOf(user.accessToken).sid}`, `${prefix}:user:${user.userId}`)).toBe(
          2,
        );
      } finally {
        redis.disconnect();
      }
      // Changed behind the app's back (no eviction): not seen, so the request did not read PostgreSQL.
      await t.db.query(`UPDATE users SET status = 'deactivated' WHERE id = $1`, [user.userId]);
      expect((await me(user.accessToken)).status).toBe(200);
      // What every command does after a change: evict; the very next request sees it.
      await t.app.get(AuthStateStore).forgetUsers([user.userId]);
      expect((await me(user.accessToken)).status).toBe(401);
    });
  });

  describe('refresh tokens', () => {
    it('rotate: each refresh token works once and yields a new pair', async () => {
      const user = await tokenFor(t, 'nurse');
      const first = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(user.refreshToken);
      expect((await me(first.body.accessToken)).status).toBe(200);
      const second = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
      expect(second.status).toBe(200);
    });

    it('a reused refresh token revokes the whole session family and is audited', async () => {
      const user = await tokenFor(t, 'nurse');
      const rotated = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      expect(rotated.status).toBe(200);

      const replay = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('AUTH.REFRESH_TOKEN_REUSED');

      // Every token of that session is dead now: the newest refresh token and every access token.
      expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken })).status).toBe(401);
      expect((await me(rotated.body.accessToken)).status).toBe(401);
      expect((await me(user.accessToken)).status).toBe(401);

      const sid = claimsOf(user.accessToken).sid;
      expect(await outboxTypes(sid)).toEqual(['auth.LoginSucceeded.v1', 'auth.RefreshTokenReused.v1']);
      const [session] = await t.db.query<{ revoked_reason: string }>('SELECT revoked_reason FROM sessions WHERE id = $1', [sid]);
      expect(session.revoked_reason).toBe('refresh-token-reuse');
      // Another login of the same user is unaffected.
      const again = await login(t, user.email, user.password);
      expect((await me(again.accessToken)).status).toBe(200);
    });

    it('refuses an unknown refresh token and malformed input', async () => {
      expect(
        (
          await t
            .http()
            .post('/api/v1/auth/refresh')
            .send({ refreshToken: 'x'.repeat(43) })
        ).status,
      ).toBe(401);
      expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: 42 })).status).toBe(400);
    });

    it('ends a session idle for longer than the timeout', async () => {
      const user = await tokenFor(t, 'nurse');
      const sid = claimsOf(user.accessToken).sid;
      await t.db.query(`UPDATE sessions SET last_refreshed_at = now() - interval '31 minutes' WHERE id = $1`, [sid]);
      const res = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH.SESSION_ENDED');
    });

    it('ends a session past its absolute lifetime', async () => {
      const user = await tokenFor(t, 'nurse');
      const sid = claimsOf(user.accessToken).sid;
      await t.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [sid]);
      expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken })).status).toBe(401);
    });
  });

  describe('lockout', () => {
    it('locks after the threshold of failures, even against the right password, then lifts after the lock duration', async () => {
      const user = await createUser(t, { roles: ['nurse'] });
      for (let i = 0; i < 3; i++) {
        expect(
          (
            await t
              .http()
              .post('/api/v1/auth/login')
              .send({ email: user.email, password: `wrong password ${i}!` })
          ).status,
        ).toBe(401);
      }
      const [row] = await t.db.query<{ status: string }>('SELECT status FROM users WHERE id = $1', [user.id]);
      expect(row.status).toBe('locked');
      expect((await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password })).status).toBe(401);
      expect(await outboxTypes(user.id)).toEqual(['auth.UserCreated.v1', 'auth.AccountLocked.v1']);
      const locked = await t.db.query<{ payload: { reason: string } }>(
        `SELECT payload FROM outbox WHERE type = 'auth.LoginFailed.v1' AND payload->>'userId' = $1 ORDER BY id`,
        [user.id],
      );
      expect(locked.map((r) => r.payload.reason)).toEqual(['wrong-password', 'wrong-password', 'wrong-password', 'locked']);

      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const after = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password });
      expect(after.status).toBe(200);
      const [unlocked] = await t.db.query<{ status: string; failed_login_count: number }>(
        'SELECT status, failed_login_count FROM users WHERE id = $1',
        [user.id],
      );
      expect(unlocked).toEqual({ status: 'active', failed_login_count: 0 });
    });

    it('locks an account while a session of it is open: its tokens fail on the next request', async () => {
      const user = await tokenFor(t, 'nurse');
      expect((await me(user.accessToken)).status).toBe(200);
      for (let i = 0; i < 3; i++)
        await t
          .http()
          .post('/api/v1/auth/login')
          .send({ email: user.email, password: `wrong password ${i}!` });
      expect((await me(user.accessToken)).status).toBe(401);
    });
  });

  describe('logout and password change', () => {
    it('logout ends this session only; logout-all ends every session', async () => {
      const user = await tokenFor(t, 'nurse');
      const other = await login(t, user.email, user.password);
      const res = await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${user.accessToken}`);
      expect(res.status).toBe(204);
      expect((await me(user.accessToken)).status).toBe(401);
      expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken })).status).toBe(401);
      expect((await me(other.accessToken)).status).toBe(200);

      const third = await login(t, user.email, user.password);
      expect((await t.http().post('/api/v1/auth/logout-all').set('Authorization', `Bearer ${third.accessToken}`)).status).toBe(
        204,
      );
      expect((await me(other.accessToken)).status).toBe(401);
      expect((await me(third.accessToken)).status).toBe(401);
      const types = await t.db.query<{ type: string }>(
        `SELECT type FROM outbox WHERE type = 'auth.LoggedOut.v1' AND payload->>'userId' = $1`,
        [user.userId],
      );
      expect(types).toHaveLength(2);
    });

    it('change-password keeps this session, ends the others, and retires the old password', async () => {
      const user = await tokenFor(t, 'nurse');
      const other = await login(t, user.email, user.password);
      const newPassword = 'a brand new harbour lantern 77';
      const res = await t
        .http()
        .post('/api/v1/auth/change-password')
        .set('Authorization', `Bearer ${user.accessToken}`)
        .send({ currentPassword: user.password, newPassword });
      expect(res.status).toBe(204);
      expect((await me(user.accessToken)).status).toBe(200);
      expect((await me(other.accessToken)).status).toBe(401);
      expect((await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password })).status).toBe(401);
      expect((await t.http().post('/api/v1/auth/login').send({ email: user.email, password: newPassword })).status).toBe(200);
      expect(await outboxTypes(user.userId)).toContain('auth.PasswordChanged.v1');
    });

    it('change-password refuses a wrong current password and a weak new one, changing nothing', async () => {
      const user = await tokenFor(t, 'nurse');
      const change = (body: object) =>
        t.http().post('/api/v1/auth/change-password').set('Authorization', `Bearer ${user.accessToken}`).send(body);
      expect((await change({ currentPassword: 'not my password!', newPassword: 'a brand new harbour lantern 77' })).status).toBe(
        401,
      );
      const weak = await change({ currentPassword: user.password, newPassword: 'password1234' });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('AUTH.WEAK_PASSWORD');
      expect(weak.body.errors).toEqual([{ field: 'newPassword', message: 'is too common' }]);
      const short = await change({ currentPassword: user.password, newPassword: 'short' });
      expect(short.body.errors).toEqual(
        expect.arrayContaining([{ field: 'newPassword', message: 'must be at least 12 characters long' }]),
      );
      expect(JSON.stringify(short.body)).not.toContain('short"');
      expect((await login(t, user.email, user.password)).accessToken).toEqual(expect.any(String));
    });
  });
});

describe('sign-in rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('limits sign-in attempts per client address, and only sign-in', async () => {
    const user = await createUser(t, { roles: ['nurse'] });
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await t
            .http()
            .post('/api/v1/auth/login')
            .send({ email: user.email, password: `wrong password ${i}!` })
        ).status,
      ).toBe(401);
    }
    // Even the right password waits: guessing is throttled before argon2 runs.
    const limited = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(PROBLEM);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Other routes count in their own bucket.
    expect((await t.http().get('/api/v1/permissions')).status).toBe(401);
  });
});
