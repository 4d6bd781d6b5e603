import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TcpProxy, waitFor } from '@hms/testing';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { SUBSCRIBE_RETRY_MS } from '../../src/modules/auth/infrastructure/auth-state-forgets.js';
import { MetricsService } from '../../src/infrastructure/metrics/metrics.service.js';
import { AuthStateStore } from '../../src/modules/auth/infrastructure/auth-state.store.js';
import { apiAs, givenHospital, patientBody } from '../patients/support/patients-api.js';
import { bearer, createUser, login, tokenFor, untilGrantEnded, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { REDIS_URL, uniqueSuffix } from '../support/test-env.js';

/**
 * The local TTL of every app here: far longer than any wait in this file, so
 * whatever ends an entry sooner is a change in the same process or a forget
 * message, never the TTL (ADR 27).
 */
const LOCAL_CACHE_MS = '60000';
/** How long another process may take to drop what it holds once told: the pub/sub delivery, on one machine. */
const DELIVERY_MS = 2_000;

const sidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sid: string }).sid;
const me = (t: TestApp, who: { accessToken: string }) =>
  t.http().get('/api/v1/auth/me').set('Authorization', bearer(who.accessToken));
const listUsers = (t: TestApp, who: { accessToken: string }) =>
  t.http().get('/api/v1/users').set('Authorization', bearer(who.accessToken));

/**
 * A metric's value in the app's registry, 0 when absent. Read in process rather than through
 * /metrics, whose scrape also asks Bull for its queue counts and waits while Redis is cut.
 */
async function metric(t: TestApp, name: string, labels: Record<string, string> = {}): Promise<number> {
  const values = (await t.app.get(MetricsService).registry.getSingleMetric(name)?.get())?.values ?? [];
  return values.find((v) => Object.entries(labels).every(([label, value]) => v.labels[label] === value))?.value ?? 0;
}

/** Until the app serves from memory: subscribed to forgets, after its first authenticated request. */
const untilServing = (t: TestApp, serving = true) =>
  waitFor(
    async () => (await metric(t, 'auth_local_cache_serving')) === (serving ? 1 : 0),
    `the local auth cache to be ${serving ? 'served' : 'bypassed'}`,
    { timeoutMs: 10_000 },
  );

const MALFORMED_USER = { cache: 'user', reason: 'malformed' };

const env = {
  AUTH_LOCAL_CACHE_MS: LOCAL_CACHE_MS,
  LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
  RATE_LIMIT_MAX: '100000',
  EMERGENCY_ACCESS_SECONDS: '3',
};

describe('session and permission state kept in process memory', () => {
  let a: TestApp;
  /** Another replica of the same deployment: same database, same queue prefix. */
  let b: TestApp;
  let redis: Redis;
  let admin: UserWithTokens;
  let prefix: string;
  let channel: string;

  beforeAll(async () => {
    a = await startTestApp({ env });
    b = await startTestApp({ db: a.db, env: { ...env, QUEUE_PREFIX: a.config.queue.prefix } });
    redis = new Redis(REDIS_URL);
    prefix = `${a.config.queue.prefix}:auth`;
    channel = `${prefix}:forget`;
    admin = await tokenFor(a, 'admin');
    expect((await me(a, admin)).status).toBe(200);
    expect((await me(b, admin)).status).toBe(200);
    await untilServing(a);
    await untilServing(b);
  });
  afterAll(async () => {
    redis.disconnect();
    await b?.close();
    await a?.close();
  });

  const userKey = (userId: string) => `${prefix}:user:${userId}`;
  const asAdmin = (t: TestApp) => apiAs(t, admin);
  /** A user signed in and seen by both apps, so both hold the state in memory. */
  const seenByBoth = async (role = 'nurse') => {
    const user = await tokenFor(a, role);
    for (const t of [a, b, a, b]) expect((await me(t, user)).status).toBe(200);
    return user;
  };
  /** A change behind the apps' backs, and what a forget does in Redis, but no message. */
  const deactivateSilently = async (user: UserWithTokens) => {
    await a.db.query(`UPDATE users SET status = 'deactivated' WHERE id = $1`, [user.userId]);
    await redis.del(userKey(user.userId));
  };
  /** Polls until the app refuses, within the delivery bound: far sooner than the local TTL. */
  const untilRefused = (t: TestApp, request: () => Promise<{ status: number }>, status: number) =>
    waitFor(async () => (await request()).status === status, `the other app to answer ${status}`, {
      timeoutMs: DELIVERY_MS,
      intervalMs: 20,
    });

  /** A patient registered by a records officer, out of any doctor's scope. */
  const givenPatient = async () => {
    const hospitalId = await givenHospital(asAdmin(a));
    const officer = await tokenFor(a, 'records_officer');
    const registered = await apiAs(a, officer)
      .post('/patients')
      .send(patientBody({ registeringHospitalId: hospitalId }));
    expect(registered.status).toBe(201);
    return registered.body.id as string;
  };
  const assignRoles = (userId: string, roles: string[]) =>
    a.http().put(`/api/v1/users/${userId}/roles`).set('Authorization', bearer(admin.accessToken)).send({ roles });
  /** A custom role holding users:read, and a user holding it alone, signed in. */
  const userReader = async (t: TestApp) => {
    const role = `cache_probe_${uniqueSuffix().replace(/[^a-z0-9]/g, '')}`;
    expect(
      (
        await asAdmin(t)
          .post('/roles')
          .send({ name: role, permissions: ['users:read'] })
      ).status,
    ).toBe(201);
    const created = await createUser(t, { roles: [role] });
    const tokens = await login(t, created.email, created.password);
    return { ...tokens, userId: created.id, email: created.email, password: created.password };
  };

  describe('in the process that made the change, the next request sees it', () => {
    it('a revoked session', async () => {
      const user = await seenByBoth();
      const revoked = await asAdmin(a).delete(`/users/${user.userId}/sessions/${sidOf(user.accessToken)}`);
      expect(revoked.status).toBe(204);
      const res = await me(a, user);
      expect([res.status, res.body.code]).toEqual([401, 'AUTH.SESSION_ENDED']);
    });

    it('a deactivated user', async () => {
      const user = await seenByBoth();
      expect((await asAdmin(a).post(`/users/${user.userId}/deactivate`)).status).toBe(200);
      expect((await me(a, user)).status).toBe(401);
    });

    it('a changed role', async () => {
      const reader = await userReader(a);
      expect((await listUsers(a, reader)).status).toBe(200);
      expect((await listUsers(a, reader)).status).toBe(200);
      expect((await assignRoles(reader.userId, ['nurse'])).status).toBe(200);
      const res = await listUsers(a, reader);
      expect([res.status, res.body.code]).toEqual([403, 'AUTH.PERMISSION_REQUIRED']);
    });

    it('a break-the-glass grant ended: its ability does not outlive it, though the snapshot is still in memory', async () => {
      const patientId = await givenPatient();
      const doctor = await tokenFor(a, 'doctor');
      const asDoctor = apiAs(a, doctor);
      expect((await asDoctor.get(`/patients/${patientId}`)).status).toBe(404);

      const grant = await asDoctor
        .post('/auth/emergency-access')
        .send({ patientId, reason: 'Unconscious patient, allergy history needed' });
      expect(grant.status).toBe(201);
      expect((await asDoctor.get(`/patients/${patientId}`)).status).toBe(200);
      // Deactivated behind the app's back: not seen, so the snapshot below is the one in memory.
      await deactivateSilently(doctor);
      await untilGrantEnded(a, doctor, grant.body.grantId as string);
      expect((await asDoctor.get(`/patients/${patientId}`)).status).toBe(404);
      expect((await me(a, doctor)).status).toBe(200);
    });
  });

  describe('in another process, once the forget message arrives', () => {
    it('is the message, not the TTL: without one the other process keeps what it holds', async () => {
      const user = await seenByBoth();
      await deactivateSilently(user);
      // A would see it only by asking Redis and PostgreSQL; it holds the user in memory.
      for (const t of [a, b]) expect((await me(t, user)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, DELIVERY_MS));
      expect((await me(b, user)).status).toBe(200);

      // The message every forget sends, here by hand: both processes receive it and drop the user.
      expect(await redis.publish(channel, JSON.stringify([userKey(user.userId)]))).toBe(2);
      await untilRefused(b, () => me(b, user), 401);
      expect((await me(a, user)).status).toBe(401);
    });

    it('a revoked session', async () => {
      const user = await seenByBoth();
      expect((await asAdmin(a).delete(`/users/${user.userId}/sessions/${sidOf(user.accessToken)}`)).status).toBe(204);
      await untilRefused(b, () => me(b, user), 401);
    });

    it('a deactivated user', async () => {
      const user = await seenByBoth();
      expect((await asAdmin(a).post(`/users/${user.userId}/deactivate`)).status).toBe(200);
      await untilRefused(b, () => me(b, user), 401);
    });

    it('a changed role', async () => {
      const reader = await userReader(a);
      for (const t of [a, b, b]) expect((await listUsers(t, reader)).status).toBe(200);
      expect((await assignRoles(reader.userId, ['nurse'])).status).toBe(200);
      await untilRefused(b, () => listUsers(b, reader), 403);
    });

    it('a grant ended before its time (as a revocation would end it) and forgotten by the other process', async () => {
      const patientId = await givenPatient();
      const doctor = await tokenFor(a, 'doctor');
      const grant = await apiAs(a, doctor)
        .post('/auth/emergency-access')
        .send({ patientId, reason: 'Unconscious patient, allergy history needed' });
      expect(grant.status).toBe(201);
      const read = () => apiAs(b, doctor).get(`/patients/${patientId}`);
      expect((await read()).status).toBe(200);
      expect((await read()).status).toBe(200);

      await a.db.query(`UPDATE emergency_access_grants SET expires_at = now() WHERE id = $1`, [grant.body.grantId]);
      await a.app.get(AuthStateStore).forgetUsers([doctor.userId]);
      await untilRefused(b, read, 404);
    });
  });

  describe('a lost subscriber connection', () => {
    it('drops everything held: a message sent while it was away is not missed', async () => {
      const user = await seenByBoth();
      const clients = (await redis.client('LIST')) as string;
      const ids = clients
        .split('\n')
        .filter((line) => line.includes(` name=${channel} `))
        .map((line) => /^id=(\d+)/.exec(line)![1]);
      expect(ids).toHaveLength(2);
      for (const id of ids) await redis.client('KILL', 'ID', id);
      // The change and its message while neither app is subscribed: nobody receives it.
      await deactivateSilently(user);
      expect(await redis.publish(channel, JSON.stringify([userKey(user.userId)]))).toBe(0);

      await waitFor(async () => Number((await redis.pubsub('NUMSUB', channel))[1]) === 2, 'both apps to subscribe again');
      for (const t of [a, b]) await untilServing(t);
      for (const t of [a, b]) expect((await me(t, user)).status).toBe(401);
    });
  });

  describe('entries read from Redis', () => {
    it('are still checked: a forged snapshot read once the entry in memory is dropped grants nothing', async () => {
      const nurse = await seenByBoth();
      const key = userKey(nurse.userId);
      const [{ permissions }] = await a.db.query<{ permissions: string[] }>(`SELECT permissions FROM roles WHERE name = 'admin'`);
      const forged = {
        status: 'active',
        lockedUntil: null,
        hospitalId: null,
        departmentId: null,
        roles: ['admin'],
        permissions,
        grants: [],
      };
      await redis.set(key, JSON.stringify(forged), 'EX', 30);
      const refusedBefore = await metric(a, 'auth_cache_entries_refused_total', MALFORMED_USER);

      // Served from memory: the forged entry is not even read.
      expect((await listUsers(a, nurse)).status).toBe(403);
      expect(await metric(a, 'auth_cache_entries_refused_total', MALFORMED_USER)).toBe(refusedBefore);

      // Dropped by a message (anyone's: it only ever drops), the next request reads Redis and refuses the entry.
      expect(await redis.publish(channel, JSON.stringify([key]))).toBe(2);
      await waitFor(
        async () => {
          const res = await listUsers(a, nurse);
          expect([res.status, res.body.code]).toEqual([403, 'AUTH.PERMISSION_REQUIRED']);
          return (await metric(a, 'auth_cache_entries_refused_total', MALFORMED_USER)) === refusedBefore + 1;
        },
        'the forged entry to be read and refused',
        { timeoutMs: DELIVERY_MS, intervalMs: 20 },
      );
      // Replaced by the real snapshot, signed.
      expect(await redis.get(key)).toMatch(/^v1\./);
    });
  });
});

describe('the in-process cache while Redis is out of reach', () => {
  const target = new URL(REDIS_URL);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
  let t: TestApp;

  beforeAll(async () => {
    await proxy.start();
    t = await startTestApp({ env: { ...env, REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
  });
  afterAll(async () => {
    await proxy.start().catch(() => undefined);
    await t?.close();
    await proxy.stop();
  });

  it('is bypassed, not stale: every request reads PostgreSQL until the subscription is back, then it serves again', async () => {
    const user = await tokenFor(t, 'nurse');
    expect((await me(t, user)).status).toBe(200);
    await untilServing(t);
    expect((await me(t, user)).status).toBe(200);

    await proxy.stop();
    await untilServing(t, false);
    // No forget can reach the app now, and none is sent: only reading PostgreSQL can see this.
    await t.db.query(`UPDATE users SET status = 'deactivated' WHERE id = $1`, [user.userId]);
    const refused = await me(t, user);
    expect([refused.status, refused.body.code]).toEqual([401, 'AUTH.SESSION_ENDED']);

    await proxy.start();
    await untilServing(t);
    const other = await tokenFor(t, 'nurse');
    expect((await me(t, other)).status).toBe(200);
    expect((await me(t, other)).status).toBe(200);
    // Served from memory again: a change nobody forgets is not seen (within the TTL).
    await t.db.query(`UPDATE users SET status = 'deactivated' WHERE id = $1`, [other.userId]);
    expect((await me(t, other)).status).toBe(200);
  });
});

describe('the in-process cache for a Redis user not allowed on the forget channel', () => {
  let admin: Redis;
  let t: TestApp;
  const name = `hms-test-${uniqueSuffix()}`;
  const prefix = `hms-test-${uniqueSuffix()}`;

  beforeAll(async () => {
    admin = new Redis(REDIS_URL);
    const password = randomBytes(24).toString('hex');
    // Every command on the deployment's keys, no pub/sub channel.
    await admin.call('ACL', 'SETUSER', name, 'on', `>${password}`, `~${prefix}:*`, 'resetchannels', '+@all');
    const target = new URL(REDIS_URL);
    t = await startTestApp({
      env: { ...env, QUEUE_PREFIX: prefix, REDIS_URL: `redis://${name}:${password}@${target.host}${target.pathname}` },
    });
  });
  afterAll(async () => {
    await t?.close();
    await admin.call('ACL', 'DELUSER', name);
    admin.disconnect();
  });

  it('stays bypassed while SUBSCRIBE is refused, and serves once it is allowed', async () => {
    const user = await tokenFor(t, 'nurse');
    expect((await me(t, user)).status).toBe(200);
    // Refused (NOPERM) on every try: still bypassed after the first retry.
    await new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_RETRY_MS + 500));
    expect((await me(t, user)).status).toBe(200);
    expect(await metric(t, 'auth_local_cache_serving')).toBe(0);

    await admin.call('ACL', 'SETUSER', name, `&${prefix}:auth:forget`);
    await untilServing(t);
  });
});
