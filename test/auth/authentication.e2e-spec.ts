import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { waitFor } from '@hms/testing';
import { AuthStateStore } from '../../src/modules/auth/infrastructure/auth-state.store.js';
import { EmailKey } from '../../src/modules/auth/infrastructure/email-key.js';
import { appendAll } from '../audit/support/audit-store.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { createUser, login, tokenFor, type UserWithTokens } from '../support/auth.js';
import { epochSeconds, type ForgedJwt, forgeJwt } from '../support/jwt-forge.js';
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
      const rows = await queryAudited<{ type: string; payload: unknown; aggregate_id: string; actor: { kind: string } }>(
        t,
        `SELECT type, payload, aggregate_id, actor FROM ${AUDITED_EVENTS}
          WHERE type IN ('auth.LoginFailed.v1', 'auth.LoginSucceeded.v1') AND payload->>'userId' = $1 ORDER BY sequence`,
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

    const secret = () => t.config.auth.jwtKeys[0].secret;
    const kid = () => t.config.auth.jwtKeys[0].id;
    /** A token as the server signs one for `valid`, with the given header fields, claims or key changed. */
    /** The claims the server puts in `valid`'s token, freshly dated. */
    const validClaims = () => ({
      sid: claimsOf(valid.accessToken).sid,
      sub: valid.userId,
      iss: 'hms',
      aud: 'hms-api',
      iat: epochSeconds(),
      exp: epochSeconds(600),
    });
    const forge = (change: { header?: Partial<ForgedJwt['header']>; claims?: Record<string, unknown>; key?: Buffer } = {}) =>
      forgeJwt({
        header: { alg: 'HS256', kid: kid(), typ: 'JWT', ...change.header },
        claims: { ...validClaims(), ...change.claims },
        key: change.key ?? secret(),
      });

    it('accepts a correctly forged control token (so the refusals below are about the one thing changed)', async () => {
      expect((await me(forge())).status).toBe(200);
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
      expect((await me(forge({ key: retired.secret, header: { kid: 'retired' } }))).status).toBe(200);
      expect((await me(forge({ key: retired.secret, header: { kid: 'current' } }))).status).toBe(401);
    });

    it('refuses alg none', async () => {
      const token = forgeJwt({
        header: { alg: 'none' },
        claims: validClaims(),
      });
      expect((await me(token)).status).toBe(401);
    });

    it('refuses RS256, even with a kid we know (no algorithm confusion)', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const token = forgeJwt({
        header: { alg: 'RS256', kid: kid() },
        claims: validClaims(),
        key: privateKey,
      });
      expect((await me(token)).status).toBe(401);
    });

    it('refuses HS256 signed with a foreign key, an unknown kid, a wrong issuer or audience, and an expired token', async () => {
      const foreign = Buffer.alloc(32, 7);
      const cases = [
        forge({ key: foreign }),
        forge({ header: { kid: 'someone-elses' } }),
        forge({ claims: { iss: 'evil' } }),
        forge({ claims: { aud: 'another-api' } }),
        forge({ claims: { iat: epochSeconds(-3600), exp: epochSeconds(-60) } }),
      ];
      for (const token of cases) {
        const res = await me(token);
        expect(res.status).toBe(401);
      }
    });

    it('refuses a token it accepted before once it expires, and a copy of it with one signature byte changed', async () => {
      const expiresAt = epochSeconds(2);
      const token = forge({ claims: { exp: expiresAt } });
      expect((await me(token)).status).toBe(200);
      // Verified tokens are remembered: the copy must not be taken for the token itself.
      const last = token.at(-2) === 'A' ? 'B' : 'A';
      const altered = `${token.slice(0, -2)}${last}${token.at(-1)}`;
      expect((await me(altered)).status).toBe(401);
      expect((await me(token)).status).toBe(200);

      // Asks until refused, so the token's own exp ends it (remembered verifications included), not a sleep of ours.
      const late = await waitFor(async () => {
        const res = await me(token);
        return res.status === 401 ? res : undefined;
      }, 'the token to expire');
      expect(late.body.detail).toBe('The access token has expired; refresh it');
    });

    it('refuses a valid signature over a session that does not exist', async () => {
      const res = await me(forge({ claims: { sid: '0193a1f2-5c7e-7d3a-9b1e-2f4a6c8d0e12' } }));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH.SESSION_ENDED');
    });
  });

  describe('refused access tokens', () => {
    const INVALID = 'The access token is missing, malformed, expired or not signed by this server';
    const EXPIRED = 'The access token has expired; refresh it';
    const ENDED = 'The session has ended; sign in again';
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

    /** A token for `user`'s session as the server would sign it, with one thing changed. */
    const forgeFor = (
      user: UserWithTokens,
      change: Omit<Partial<ForgedJwt>, 'header'> & { header?: Partial<ForgedJwt['header']> } = {},
    ) =>
      forgeJwt({
        ...change,
        header: { alg: 'HS256', kid: t.config.auth.jwtKeys[0].id, typ: 'JWT', ...change.header },
        claims: {
          sid: claimsOf(user.accessToken).sid,
          sub: user.userId,
          iss: 'hms',
          aud: 'hms-api',
          iat: epochSeconds(),
          exp: epochSeconds(600),
          ...change.claims,
        },
        key: 'key' in change ? change.key : t.config.auth.jwtKeys[0].secret,
      });

    type Case = [
      name: string,
      token: (user: UserWithTokens) => Promise<string> | string,
      answer: { code: string; detail: string },
      /** The LoginFailed reason audited, or null when the token is not ours to trust. */
      audited: string | null,
    ];
    const refused = { code: 'AUTH.INVALID_TOKEN', detail: INVALID };
    const cases: Case[] = [
      ['alg none, naming our key', (u) => forgeFor(u, { header: { alg: 'none' }, key: undefined }), refused, null],
      ['HS384 signed with our key', (u) => forgeFor(u, { header: { alg: 'HS384' } }), refused, null],
      ['HS512 signed with our key', (u) => forgeFor(u, { header: { alg: 'HS512' } }), refused, null],
      ['RS256 signed with an RSA key', (u) => forgeFor(u, { header: { alg: 'RS256' }, key: rsa }), refused, null],
      [
        'labelled RS256 over an HS256 signature with our key',
        (u) => forgeFor(u, { header: { alg: 'RS256' }, signAs: 'HS256' }),
        refused,
        null,
      ],
      ['signed with another key', (u) => forgeFor(u, { key: Buffer.alloc(32, 7) }), refused, null],
      ['an unknown kid', (u) => forgeFor(u, { header: { kid: 'someone-elses' } }), refused, null],
      ['no kid', (u) => forgeFor(u, { header: { kid: undefined } }), refused, null],
      ['no typ', (u) => forgeFor(u, { header: { typ: undefined } }), refused, null],
      // Signed with our key: the signature verifies, so the user is known and the refusal audited.
      ['a wrong issuer', (u) => forgeFor(u, { claims: { iss: 'evil' } }), refused, 'token-claims-invalid'],
      ['a wrong audience', (u) => forgeFor(u, { claims: { aud: 'another-api' } }), refused, 'token-claims-invalid'],
      ['no exp', (u) => forgeFor(u, { claims: { exp: undefined } }), refused, 'token-claims-invalid'],
      ['no iat', (u) => forgeFor(u, { claims: { iat: undefined } }), refused, 'token-claims-invalid'],
      [
        'an expired token',
        (u) => forgeFor(u, { claims: { iat: epochSeconds(-3600), exp: epochSeconds(-60) } }),
        { code: 'AUTH.INVALID_TOKEN', detail: EXPIRED },
        'token-expired',
      ],
      ['nbf in the future', (u) => forgeFor(u, { claims: { nbf: epochSeconds(300) } }), refused, 'token-not-yet-valid'],
      [
        'a revoked session (logged out)',
        async (u) => {
          expect((await me(u.accessToken)).status).toBe(200);
          expect((await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${u.accessToken}`)).status).toBe(204);
          return u.accessToken;
        },
        { code: 'AUTH.SESSION_ENDED', detail: ENDED },
        'session-ended',
      ],
      [
        'a session idle for longer than the timeout, its token still within exp',
        async (u) => {
          const sid = claimsOf(u.accessToken).sid;
          await t.db.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE id = $1`, [sid]);
          return u.accessToken;
        },
        { code: 'AUTH.SESSION_ENDED', detail: ENDED },
        'session-idle',
      ],
    ];

    const loginFailuresOf = (userId: string) =>
      queryAudited<{ aggregate_type: string; aggregate_id: string; payload: unknown; actor: { kind: string } }>(
        t,
        `SELECT aggregate_type, aggregate_id, payload, actor FROM ${AUDITED_EVENTS}
          WHERE type = 'auth.LoginFailed.v1' AND payload->>'userId' = $1 ORDER BY sequence`,
        [userId],
      );

    it.each(cases)('answers %s with 401 problem details and no detail of why', async (_name, tokenOf, answer, audited) => {
      const user = await tokenFor(t, 'nurse');
      const token = await tokenOf(user);
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="hms"');
      expect(res.body).toEqual({
        type: `urn:hms:problem:${answer.code.toLowerCase().replace(/_/g, '-')}`,
        title: 'Unauthorized',
        status: 401,
        detail: answer.detail,
        instance: '/api/v1/auth/me',
        correlationId: expect.any(String),
        code: answer.code,
      });
      // Nothing of the verifier's own messages (which name algorithms, the expected issuer or audience).
      expect(JSON.stringify(res.body)).not.toMatch(
        /jwt|signature|algorithm|HS\d|RS\d|kid|issuer|audience|evil|another-api|hms-api/i,
      );

      // Sent again: still refused, still audited once (a retried token writes no second record).
      expect((await me(token)).status).toBe(401);
      const failures = await loginFailuresOf(user.userId);
      if (audited === null) {
        expect(failures).toEqual([]);
        return;
      }
      const emailKey = t.app.get(EmailKey).of(user.email);
      expect(failures).toEqual([
        {
          aggregate_type: 'LoginAttempt',
          aggregate_id: emailKey,
          payload: { reason: audited, userId: user.userId },
          actor: expect.objectContaining({ kind: 'anonymous' }),
        },
      ]);
      // And what the audit store keeps of it: a failed login of that user, without the token or the email.
      await appendAll(t);
      const stored = await t.db.query<Record<string, unknown>>(
        `SELECT action, outcome, resource_type, resource_id, change FROM audit_events
          WHERE type = 'auth.LoginFailed.v1' AND change->>'userId' = $1`,
        [user.userId],
      );
      expect(stored).toEqual([
        {
          action: 'login',
          outcome: 'failure',
          resource_type: 'LoginAttempt',
          resource_id: emailKey,
          change: { reason: audited, userId: user.userId },
        },
      ]);
      const text = JSON.stringify([failures, stored]);
      expect(text).not.toContain(user.email);
      expect(text).not.toContain(token.split('.')[2]);
    });

    it('refuses an expired token it had verified before, and audits it once', async () => {
      const user = await tokenFor(t, 'nurse');
      const token = forgeFor(user, { claims: { exp: epochSeconds(2) } });
      expect((await me(token)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, (claimsOf(token).exp as number) * 1000 - Date.now() + 50));
      for (let i = 0; i < 2; i += 1) {
        const res = await me(token);
        expect([res.status, res.body.detail]).toEqual([401, EXPIRED]);
      }
      expect((await loginFailuresOf(user.userId)).map((r) => r.payload)).toEqual([
        { reason: 'token-expired', userId: user.userId },
      ]);
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

  describe('idle timeout on every request', () => {
    const lastSeenOf = async (sid: string) =>
      (await t.db.query<{ at: Date }>(`SELECT last_seen_at AS at FROM sessions WHERE id = $1`, [sid]))[0].at;

    it('records activity at most once a minute: a session in use stays open, one left idle ends on its next request', async () => {
      const user = await tokenFor(t, 'nurse');
      const sid = claimsOf(user.accessToken).sid;
      // Last used 29 minutes ago: within the 30-minute timeout, and due to be recorded again.
      await t.db.query(`UPDATE sessions SET last_seen_at = now() - interval '29 minutes' WHERE id = $1`, [sid]);
      const before = new Date();
      expect((await me(user.accessToken)).status).toBe(200);
      const recorded = await lastSeenOf(sid);
      expect(recorded.getTime()).toBeGreaterThanOrEqual(before.getTime());

      // More requests within the minute write nothing to PostgreSQL.
      for (let i = 0; i < 5; i++) expect((await me(user.accessToken)).status).toBe(200);
      expect(await lastSeenOf(sid)).toEqual(recorded);

      // Then left alone for 31 minutes (the cached state, at most AUTH_CACHE_TTL_SECONDS old, dropped):
      // the access token is still within its exp, but the session admits no request and no refresh.
      await t.db.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE id = $1`, [sid]);
      await t.app.get(AuthStateStore).forgetSessions([sid]);
      expect(claimsOf(user.accessToken).exp as number).toBeGreaterThan(epochSeconds());
      const res = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${user.accessToken}`);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('AUTH.SESSION_ENDED');
      expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken })).status).toBe(401);
    });

    it('counts requests as activity at refresh: a session refreshed 31 minutes ago but used since refreshes', async () => {
      const user = await tokenFor(t, 'nurse');
      const sid = claimsOf(user.accessToken).sid;
      await t.db.query(
        `UPDATE sessions SET last_refreshed_at = now() - interval '31 minutes', last_seen_at = now() - interval '2 minutes' WHERE id = $1`,
        [sid],
      );
      const res = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      expect(res.status).toBe(200);
      expect((await lastSeenOf(sid)).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect((await me(res.body.accessToken)).status).toBe(200);
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
      await t.db.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE id = $1`, [sid]);
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
    // LOCKOUT_THRESHOLD is 3 here; the throttles (5 free failures per account and address) stay out of the way.
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
      // The user never signed in from this address: it is not a usual one, so the lock keeps it out.
      expect((await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password })).status).toBe(401);
      expect(await outboxTypes(user.id)).toEqual(['auth.UserCreated.v1', 'auth.AccountLocked.v2']);
      const locked = await queryAudited<{ payload: { reason: string } }>(
        t,
        `SELECT payload FROM ${AUDITED_EVENTS} WHERE type = 'auth.LoginFailed.v1' AND payload->>'userId' = $1 ORDER BY sequence`,
        [user.id],
      );
      expect(locked.map((r) => r.payload.reason)).toEqual(['wrong-password', 'wrong-password', 'wrong-password', 'locked']);

      // Until locked_until has passed, by the host clock the server reads too (cheaper than polling the login's password hash).
      await waitFor(async () => {
        const [lock] = await t.db.query<{ over: boolean }>('SELECT locked_until <= now() AS over FROM users WHERE id = $1', [
          user.id,
        ]);
        return lock.over;
      }, 'the lock to run out');
      const after = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password });
      expect(after.status).toBe(200);
      const [unlocked] = await t.db.query<{ status: string; failed_login_count: number }>(
        'SELECT status, failed_login_count FROM users WHERE id = $1',
        [user.id],
      );
      // The failures stay counted for the window: a success must not wipe what failed from elsewhere.
      expect(unlocked).toEqual({ status: 'active', failed_login_count: 3 });
    });

    it('keeps sign-ins out, not open sessions or the usual address: a locked account works on where its user is', async () => {
      const user = await tokenFor(t, 'nurse');
      expect((await me(user.accessToken)).status).toBe(200);
      for (let i = 0; i < 3; i++)
        await t
          .http()
          .post('/api/v1/auth/login')
          .send({ email: user.email, password: `wrong password ${i}!` });
      const [row] = await t.db.query<{ status: string }>('SELECT status FROM users WHERE id = $1', [user.userId]);
      expect(row.status).toBe('locked');
      expect((await me(user.accessToken)).status).toBe(200);
      const refreshed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
      expect(refreshed.status).toBe(200);
      expect((await me(refreshed.body.accessToken as string)).status).toBe(200);
      // The user signed in from this address before (tokenFor): a usual address, which no lock keeps out.
      expect((await login(t, user.email, user.password)).accessToken).toEqual(expect.any(String));
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
      const user = await tokenFor(t, 'nurse', { displayName: 'Ingrid Haverkamp' });
      const change = (body: object) =>
        t.http().post('/api/v1/auth/change-password').set('Authorization', `Bearer ${user.accessToken}`).send(body);
      expect((await change({ currentPassword: 'not my password!', newPassword: 'a brand new harbour lantern 77' })).status).toBe(
        401,
      );
      const weak = await change({ currentPassword: user.password, newPassword: 'P@ssw0rd123!' });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('AUTH.WEAK_PASSWORD');
      expect(weak.body.errors).toEqual([
        {
          field: 'newPassword',
          message: expect.stringMatching(/^is too easy to guess: This is (similar to )?a commonly used password\./),
        },
      ]);
      expect(weak.text).not.toContain('P@ssw0rd123!');
      const personal = await change({ currentPassword: user.password, newPassword: 'IngridHaverkamp1!' });
      expect(personal.status).toBe(400);
      expect(personal.body.errors).toEqual([
        { field: 'newPassword', message: expect.stringContaining('There should not be any personal or page related data.') },
      ]);
      expect(personal.text.toLowerCase()).not.toContain('haverkamp');
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
