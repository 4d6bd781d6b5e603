import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { AddressKey } from '../../src/modules/auth/infrastructure/address-key.js';
import { EmailKey } from '../../src/modules/auth/infrastructure/email-key.js';
import { SignInHousekeeping } from '../../src/modules/auth/infrastructure/sign-in-housekeeping.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { bearer, createUser, tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { uniqueSuffix } from '../support/test-env.js';

const PROBLEM = /^application\/problem\+json/;

/**
 * Sign-in throttling and lockout (ADR 21) with the default policy: 5 free failures per account
 * and address, 20 per address over every account, waits doubling from 1 s to 15 min, a hard lock
 * at 100 failures or 10 addresses in 24 h that spares the user's usual addresses. Clients are told
 * apart by X-Forwarded-For (TRUST_PROXY=loopback, as behind a proxy on the same host); the flood
 * guard in Redis is raised out of the way, so every refusal here comes from the throttles.
 */
describe('sign-in lockout without denial of service', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: { TRUST_PROXY: 'loopback', LOGIN_RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_MAX: '100000' },
    });
  });
  afterAll(() => t.close());

  const signIn = (address: string, email: string, password: string) =>
    t.http().post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ email, password });
  const accountKey = (email: string) => t.app.get(EmailKey).of(email);
  const addressKey = (address: string) => t.app.get(AddressKey).of(address);

  /**
   * As if `seconds` had passed for an account's throttle counts and an address's: their last
   * failure moves that far into the past (the server compares with its own clock).
   */
  const letTimePass = async (seconds: number, email: string, address: string) => {
    await t.db.query(
      `UPDATE sign_in_failures SET last_failure_at = last_failure_at - make_interval(secs => $2) WHERE account_key = $1`,
      [accountKey(email), seconds],
    );
    await t.db.query(
      `UPDATE sign_in_address_failures SET last_failure_at = last_failure_at - make_interval(secs => $2) WHERE address_key = $1`,
      [addressKey(address), seconds],
    );
  };

  const metric = async (series: string) => {
    const res = await t.http().get('/metrics');
    const line = res.text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  };
  const failureReasons = async (userId: string) =>
    (
      await queryAudited<{ reason: string }>(
        t,
        `SELECT payload->>'reason' AS reason FROM ${AUDITED_EVENTS}
          WHERE type = 'auth.LoginFailed.v1' AND payload->>'userId' = $1 ORDER BY sequence`,
        [userId],
      )
    ).map((r) => r.reason);
  const eventsOf = async (type: string, userId: string) =>
    (
      await t.db.query<{ payload: Record<string, unknown> }>(
        `SELECT payload FROM outbox WHERE type = $1 AND (aggregate_id = $2 OR payload->>'userId' = $2) ORDER BY id`,
        [type, userId],
      )
    ).map((r) => r.payload);
  const statusOf = async (userId: string) =>
    (await t.db.query<{ status: string }>('SELECT status FROM users WHERE id = $1', [userId]))[0].status;
  /** What a client can compare between two answers: the status, the headers that matter and the body but its ids. */
  const answer = (res: Response) => {
    const { correlationId: _c, ...body } = res.body as Record<string, unknown>;
    return {
      status: res.status,
      contentType: res.headers['content-type'],
      retryAfter: res.headers['retry-after'],
      wwwAuthenticate: res.headers['www-authenticate'],
      body,
    };
  };
  const expectThrottled = (res: Response) => {
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('AUTH.SIGN_IN_THROTTLED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(res.body.retryAfterSeconds).toBe(Number(res.headers['retry-after']));
  };

  it('an attacker hammering one address is slowed down, and the user signs in meanwhile from another', async () => {
    const user = await createUser(t, { roles: ['nurse'] });
    const usual = '203.0.113.10';
    const attacker = '198.51.100.66';
    expect((await signIn(usual, user.email, user.password)).status).toBe(200);
    const throttledBefore = await metric('auth_sign_in_throttled_total{limit="account-address"}');

    const answers: Response[] = [];
    let halfway!: () => void;
    const atHalfway = new Promise<void>((resolve) => (halfway = resolve));
    const attack = (async () => {
      for (let i = 0; i < 100; i++) {
        answers.push(await signIn(attacker, user.email, `guess number ${i}!`));
        if (i === 49) halfway();
      }
    })();
    await atHalfway;
    // While the attack goes on: from the usual address, and from one the user never used.
    const [fromUsual, fromNew] = await Promise.all([
      signIn(usual, user.email, user.password),
      signIn('192.0.2.33', user.email, user.password),
    ]);
    await attack;
    expect(fromUsual.status).toBe(200);
    expect(fromNew.status).toBe(200);
    expect((await signIn(usual, user.email, user.password)).status).toBe(200);

    // Five free guesses, then mostly refusals before any hashing (a wait that ran out lets one more guess through).
    const refused = answers.filter((res) => res.status === 429);
    const guessed = answers.filter((res) => res.status === 401);
    expect(answers.slice(0, 5).map((res) => res.status)).toEqual([401, 401, 401, 401, 401]);
    expect(guessed.length + refused.length).toBe(100);
    expect(guessed.length).toBeLessThan(15);
    for (const res of refused) expectThrottled(res);
    expect(await statusOf(user.id)).toBe('active');

    // Every refusal is audited, each guess too; the throttle's start once; and the metric counts the refusals.
    const reasons = await failureReasons(user.id);
    expect(reasons.filter((r) => r === 'wrong-password')).toHaveLength(guessed.length);
    expect(reasons.filter((r) => r === 'throttled')).toHaveLength(refused.length);
    expect(await eventsOf('auth.SignInThrottled.v1', user.id)).toEqual([
      { limit: 'account-address', userId: user.id, failures: 5, delaySeconds: 1 },
    ]);
    expect(await metric('auth_sign_in_throttled_total{limit="account-address"}')).toBe(throttledBefore + refused.length);

    // Addresses are personal data: the throttles keep keyed hashes only.
    const stored = JSON.stringify([
      ...(await t.db.query('SELECT * FROM sign_in_failures')),
      ...(await t.db.query('SELECT * FROM sign_in_address_failures')),
      ...(await t.db.query('SELECT * FROM user_sign_in_addresses')),
    ]);
    for (const text of [attacker, usual, user.email]) expect(stored).not.toContain(text);
  });

  it('an attacker who waits out every delay fails 100 times: the waits double, then the account locks, but not for the usual address', async () => {
    const user = await createUser(t, { roles: ['doctor'] });
    const usual = '203.0.113.20';
    const attacker = '198.51.100.77';
    expect((await signIn(usual, user.email, user.password)).status).toBe(200);
    const locksBefore = await metric('auth_account_locks_total{cause="failures"}');

    const waits: number[] = [];
    for (let i = 0; i < 100; i++) {
      expect((await signIn(attacker, user.email, `patient guess ${i}!`)).status).toBe(401);
      if (i % 25 === 12) expect((await signIn(usual, user.email, user.password)).status).toBe(200);
      if (i < 4) continue;
      // Refused before the password is looked at: even the right one waits.
      const refused = await signIn(attacker, user.email, user.password);
      expectThrottled(refused);
      const wait = Number(refused.headers['retry-after']);
      waits.push(wait);
      await letTimePass(wait, user.email, attacker);
    }
    // After the fifth failure 1 s, then twice as long after each one, up to 15 minutes.
    expect(waits).toEqual(Array.from({ length: 96 }, (_, k) => Math.min(900, 2 ** k)));

    expect(await statusOf(user.id)).toBe('locked');
    const [locked] = await eventsOf('auth.AccountLocked.v2', user.id);
    expect(locked).toEqual({ cause: 'failures', failedAttempts: 100, distinctAddresses: 1, lockedUntil: expect.any(String) });
    expect(await metric('auth_account_locks_total{cause="failures"}')).toBe(locksBefore + 1);

    // The usual address still signs in; an address the user never used is refused as a wrong password is.
    expect((await signIn(usual, user.email, user.password)).status).toBe(200);
    const fresh = '192.0.2.44';
    const keptOut = await signIn(fresh, user.email, user.password);
    const wrong = await signIn('192.0.2.45', user.email, 'a wrong password again');
    expect(keptOut.status).toBe(401);
    expect(answer(keptOut)).toEqual(answer(wrong));
    expect((await failureReasons(user.id)).slice(-2)).toEqual(['locked', 'locked']);
  });

  it('answers an unknown email, a deactivated account and an existing one alike, failure for failure', async () => {
    const admin = await tokenFor(t, 'admin');
    const known = await createUser(t, { roles: ['nurse'] });
    const gone = await createUser(t, { roles: ['nurse'] });
    const deactivated = await t
      .http()
      .post(`/api/v1/users/${gone.id}/deactivate`)
      .set('Authorization', bearer(admin.accessToken));
    expect(deactivated.status).toBe(200);
    const cases = [
      { address: '198.51.100.101', email: known.email },
      { address: '198.51.100.102', email: `nobody.${uniqueSuffix()}@test.hms` },
      { address: '198.51.100.103', email: gone.email },
    ];
    const answers: ReturnType<typeof answer>[][] = cases.map(() => []);
    for (let i = 0; i < 7; i++) {
      for (const [n, { address, email }] of cases.entries()) answers[n].push(answer(await signIn(address, email, `wrong ${i}!`)));
    }
    expect(answers[0].map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    // Refusals are audited where a user is known.
    expect((await failureReasons(known.id)).slice(-2)).toEqual(['throttled', 'throttled']);
    expect((await failureReasons(gone.id)).slice(-2)).toEqual(['throttled', 'throttled']);
    // Nothing else was written by a refusal: the counts stay at the five guesses.
    const [row] = await t.db.query<{ failures: number }>('SELECT failures FROM sign_in_failures WHERE account_key = $1', [
      accountKey(known.email),
    ]);
    expect(row.failures).toBe(5);
  });

  it('failures from many addresses lock the account hard: open sessions and the usual address carry on, an administrator is told and can unlock', async () => {
    const admin = await tokenFor(t, 'admin');
    const user = await createUser(t, { roles: ['nurse'] });
    const usual = '203.0.113.30';
    const session = await signIn(usual, user.email, user.password);
    expect(session.status).toBe(200);
    const locksBefore = await metric('auth_account_locks_total{cause="addresses"}');

    for (let i = 1; i <= 10; i++) expect((await signIn(`198.51.${i}.7`, user.email, `spray ${i}!`)).status).toBe(401);

    expect(await statusOf(user.id)).toBe('locked');
    const [locked] = await eventsOf('auth.AccountLocked.v2', user.id);
    expect(locked).toEqual({ cause: 'addresses', failedAttempts: 10, distinctAddresses: 10, lockedUntil: expect.any(String) });
    expect(await metric('auth_account_locks_total{cause="addresses"}')).toBe(locksBefore + 1);
    const audited = await t.db.query<{ type: string }>(
      `SELECT type FROM outbox WHERE aggregate_id = $1 AND type LIKE 'auth.AccountLocked%'`,
      [user.id],
    );
    expect(audited).toHaveLength(1);

    // The user's session goes on, and the usual address signs in; a new one is kept out.
    expect(
      (
        await t
          .http()
          .get('/api/v1/auth/me')
          .set('Authorization', bearer(session.body.accessToken as string))
      ).status,
    ).toBe(200);
    expect((await signIn(usual, user.email, user.password)).status).toBe(200);
    expect((await signIn('192.0.2.55', user.email, user.password)).status).toBe(401);

    const unlocked = await t.http().post(`/api/v1/users/${user.id}/unlock`).set('Authorization', bearer(admin.accessToken));
    expect(unlocked.status).toBe(200);
    expect((await signIn('192.0.2.55', user.email, user.password)).status).toBe(200);
  });

  it('counts the addresses of one IPv6 /64 as one client', async () => {
    const user = await createUser(t, { roles: ['nurse'] });
    const statuses: number[] = [];
    for (let i = 1; i <= 12; i++)
      statuses.push((await signIn(`2001:db8:77:1::${i.toString(16)}`, user.email, `v6 guess ${i}!`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    expect(await statusOf(user.id)).toBe('active');
  });

  it('slows down credential stuffing from one address over many accounts, except for users who usually sign in from it', async () => {
    const shared = '203.0.113.99';
    const regular = await createUser(t, { roles: ['nurse'] });
    const newcomer = await createUser(t, { roles: ['nurse'] });
    expect((await signIn(shared, regular.email, regular.password)).status).toBe(200);
    const throttledBefore = await metric('auth_sign_in_throttled_total{limit="address"}');

    const victims = Array.from({ length: 20 }, (_, i) => `stuffed.${i}.${uniqueSuffix()}@test.hms`);
    for (const email of victims) expect((await signIn(shared, email, 'password from a breach')).status).toBe(401);
    // Then each further guess waits, twice as long each time (waited out here until the wait is a minute long).
    let wait = Number((await signIn(shared, `late.${uniqueSuffix()}@test.hms`, 'password from a breach')).headers['retry-after']);
    expect(wait).toBe(1);
    while (wait < 60) {
      await letTimePass(wait, victims[0], shared);
      expect((await signIn(shared, `more.${uniqueSuffix()}@test.hms`, 'password from a breach')).status).toBe(401);
      const refused = await signIn(shared, `late.${uniqueSuffix()}@test.hms`, 'password from a breach');
      expectThrottled(refused);
      expect(Number(refused.headers['retry-after'])).toBe(wait * 2);
      wait *= 2;
    }

    // An account with no history there waits too, right password or not; the regular user does not.
    const unknown = await signIn(shared, `unknown.${uniqueSuffix()}@test.hms`, 'a wrong password');
    expectThrottled(unknown);
    expectThrottled(await signIn(shared, newcomer.email, newcomer.password));
    expect((await signIn(shared, regular.email, regular.password)).status).toBe(200);
    // A wrong password under that exemption answers as the throttle does, so it tells nothing apart
    // (the wait, counted down from the same last failure, is compared to the second).
    const regularWrong = await signIn(shared, regular.email, 'a wrong password');
    const withoutWait = (res: Response) => {
      const { retryAfter: _r, body, ...rest } = answer(res);
      const { retryAfterSeconds: _s, ...others } = body;
      return { ...rest, body: others };
    };
    expectThrottled(regularWrong);
    expect(withoutWait(regularWrong)).toEqual(withoutWait(unknown));
    expect(Number(regularWrong.headers['retry-after'])).toBeGreaterThan(wait - 5);
    expect(Number(unknown.headers['retry-after'])).toBeGreaterThan(wait - 5);

    // Administrators are told when the address started to wait, and how many were refused since.
    const [started] = await t.db.query<{ payload: unknown }>(
      `SELECT payload FROM outbox WHERE type = 'auth.SignInThrottled.v1' AND aggregate_id = $1`,
      [accountKey(victims[19])],
    );
    expect(started.payload).toEqual({ limit: 'address', userId: null, failures: 20, delaySeconds: 1 });
    // Seven refused unknown accounts in the ramp, then the unknown one, the newcomer and the regular user's wrong password.
    expect(await metric('auth_sign_in_throttled_total{limit="address"}')).toBe(throttledBefore + 10);
  });

  it('loses no count when failed sign-ins arrive in parallel', async () => {
    const user = await createUser(t, { roles: ['nurse'] });
    const address = '198.51.100.200';
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(address, user.email, `parallel guess ${i}!`).then((res) => res.status)),
    );
    const guessed = answers.filter((s) => s === 401).length;
    const refused = answers.filter((s) => s === 429).length;
    expect(guessed + refused).toBe(30);
    // Attempts are counted before the password is hashed, so parallel ones cannot all slip through.
    expect(guessed).toBeGreaterThanOrEqual(5);
    expect(guessed).toBeLessThan(15);
    const [pair] = await t.db.query<{ failures: number }>('SELECT failures FROM sign_in_failures WHERE account_key = $1', [
      accountKey(user.email),
    ]);
    const [account] = await t.db.query<{ failed_login_count: number }>('SELECT failed_login_count FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(pair.failures).toBe(guessed);
    expect(account.failed_login_count).toBe(guessed);
    const reasons = await failureReasons(user.id);
    expect(reasons.filter((r) => r === 'wrong-password')).toHaveLength(guessed);
    expect(reasons.filter((r) => r === 'throttled')).toHaveLength(refused);
  });

  it('prunes counts past their use in the worker', async () => {
    const housekeeping = t.app.get(SignInHousekeeping);
    const user = await createUser(t, { roles: ['nurse'] });
    const key = `prune-${uniqueSuffix()}`;
    await t.db.query(
      `INSERT INTO sign_in_failures (account_key, address_key, failures, last_failure_at)
       VALUES ($1, 'old', 3, now() - interval '25 hours'), ($1, 'recent', 3, now() - interval '23 hours')`,
      [key],
    );
    await t.db.query(
      `INSERT INTO sign_in_address_failures (address_key, failures, last_failure_at)
       VALUES ($1 || '-old', 3, now() - interval '61 minutes'), ($1 || '-recent', 3, now() - interval '59 minutes')`,
      [key],
    );
    await t.db.query(
      `INSERT INTO user_sign_in_addresses (user_id, address_key, last_signed_in_at)
       VALUES ($1, 'old', now() - interval '31 days'), ($1, 'recent', now() - interval '29 days')`,
      [user.id],
    );
    await housekeeping.prune();
    expect(
      (await t.db.query<{ address_key: string }>('SELECT address_key FROM sign_in_failures WHERE account_key = $1', [key])).map(
        (r) => r.address_key,
      ),
    ).toEqual(['recent']);
    expect(
      (
        await t.db.query<{ address_key: string }>('SELECT address_key FROM sign_in_address_failures WHERE address_key LIKE $1', [
          `${key}-%`,
        ])
      ).map((r) => r.address_key),
    ).toEqual([`${key}-recent`]);
    expect(
      (
        await t.db.query<{ address_key: string }>('SELECT address_key FROM user_sign_in_addresses WHERE user_id = $1', [user.id])
      ).map((r) => r.address_key),
    ).toEqual(['recent']);
  });
});
