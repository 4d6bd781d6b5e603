import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EmailKey } from '../../src/modules/auth/infrastructure/email-key.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { bearer, createUser, login, TEST_PASSWORD, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { uniqueSuffix } from '../support/test-env.js';

const PROBLEM = /^application\/problem\+json/;
const NEW_PASSWORD = 'amber lantern orbit 77 pine';
const USER_KEYS = [
  'createdAt',
  'departmentId',
  'displayName',
  'email',
  'hospitalId',
  'id',
  'lastLoginAt',
  'licenceNumber',
  'lockedUntil',
  'profession',
  'roles',
  'specialty',
  'status',
  'updatedAt',
  'version',
];

describe('users administration API', () => {
  let t: TestApp;
  /** Holds every administrative permission and may grant any (the admin role, ADR 25). */
  let admin: UserWithTokens;
  /** users:manage and users:read only: can run the API, cannot grant audit:read. */
  let manager: UserWithTokens;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', LOCKOUT_THRESHOLD: '3' } });
    admin = await tokenFor(t, 'admin');
    const role = await as(admin)
      .post('/roles')
      .send({ name: 'user_manager', permissions: ['users:manage', 'users:read', 'hospitals:read', 'patients:read:hospital'] });
    expect(role.status).toBe(201);
    manager = await tokenFor(t, 'user_manager');
  });
  afterAll(() => t.close());

  /** Requests to /api/v1 with a caller's access token. */
  const as = (caller: { accessToken: string }) => {
    const auth = bearer(caller.accessToken);
    return {
      get: (path: string) => t.http().get(`/api/v1${path}`).set('Authorization', auth),
      post: (path: string) => t.http().post(`/api/v1${path}`).set('Authorization', auth),
      put: (path: string) => t.http().put(`/api/v1${path}`).set('Authorization', auth),
      patch: (path: string) => t.http().patch(`/api/v1${path}`).set('Authorization', auth),
      delete: (path: string) => t.http().delete(`/api/v1${path}`).set('Authorization', auth),
    };
  };
  const me = (caller: { accessToken: string }) => as(caller).get('/auth/me');
  const outboxTypes = async (aggregateId: string) =>
    (await t.db.query<{ type: string }>('SELECT type FROM outbox WHERE aggregate_id = $1 ORDER BY id', [aggregateId])).map(
      (r) => r.type,
    );
  const lastEvent = async (aggregateId: string, type: string) =>
    (
      await t.db.query<{ payload: Record<string, unknown> }>(
        'SELECT payload FROM outbox WHERE aggregate_id = $1 AND type = $2 ORDER BY id DESC LIMIT 1',
        [aggregateId, type],
      )
    )[0]?.payload;
  const userRow = async (id: string) =>
    (
      await t.db.query<{ status: string; version: number; failed_login_count: number; first_failed_login_at: Date | null }>(
        'SELECT status, version, failed_login_count, first_failed_login_at FROM users WHERE id = $1',
        [id],
      )
    )[0];
  const sessionIdOf = (accessToken: string) =>
    (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { sid: string }).sid;
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

  // First, while the admin of beforeAll is the only administrator.
  describe('the last active administrator', () => {
    it('cannot be deactivated', async () => {
      const res = await as(manager).post(`/users/${admin.userId}/deactivate`);
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('AUTH.LAST_ADMIN');
      expect((await userRow(admin.userId)).status).toBe('active');
      expect((await me(admin)).status).toBe(200);
    });

    it('keeps the admin role', async () => {
      // Swapped for a role the manager may grant; the admin adding a role to itself would be a self-grant.
      const swapped = await as(manager)
        .put(`/users/${admin.userId}/roles`)
        .send({ roles: ['pharmacist'] });
      expect(swapped.status).toBe(409);
      expect(swapped.body.code).toBe('AUTH.LAST_ADMIN');
      // Giving up one's own roles is no self-grant: the last-admin rule answers.
      const dropped = await as(admin).put(`/users/${admin.userId}/roles`).send({ roles: [] });
      expect(dropped.status).toBe(409);
      expect(dropped.body.code).toBe('AUTH.LAST_ADMIN');
      expect((await me(admin)).body.roles).toEqual(['admin']);
    });

    it('nobody deactivates their own account', async () => {
      const res = await as(admin).post(`/users/${admin.userId}/deactivate`);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('COMMON.CONFLICT');
    });
  });

  describe('POST /users', () => {
    it('creates an account and answers its view, never the password hash', async () => {
      const email = `ward.nurse.${uniqueSuffix()}@test.hms`;
      const hospitalId = randomUUID();
      const res = await as(admin)
        .post('/users')
        .send({
          email: `  ${email}  `,
          displayName: '  Ward Nurse  ',
          password: TEST_PASSWORD,
          roles: ['nurse'],
          hospitalId,
          profession: ' nurse ',
          licenceNumber: 'RN-0001',
        });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        email,
        displayName: 'Ward Nurse',
        status: 'active',
        lockedUntil: null,
        hospitalId,
        departmentId: null,
        profession: 'nurse',
        specialty: null,
        licenceNumber: 'RN-0001',
        roles: ['nurse'],
        lastLoginAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        version: 1,
      });
      expect(res.headers.etag).toBe('"1"');
      expect(res.headers.location).toBe(`/api/v1/users/${res.body.id}`);
      expect(res.text).not.toContain('$argon2');

      const id = res.body.id as string;
      expect(await outboxTypes(id)).toEqual(['auth.UserCreated.v1']);
      const payload = JSON.stringify(await lastEvent(id, 'auth.UserCreated.v1'));
      expect(payload).not.toContain(email);
      expect(payload).not.toContain('Ward Nurse');
      expect(payload).not.toContain(TEST_PASSWORD);
      const [actor] = await t.db.query<{ actor: { kind: string; id: string } }>(
        'SELECT actor FROM outbox WHERE aggregate_id = $1',
        [id],
      );
      expect(actor.actor).toMatchObject({ kind: 'user', id: admin.userId });
      expect((await login(t, email, TEST_PASSWORD)).accessToken).toEqual(expect.any(String));
    });

    it('refuses an email already taken, whatever its case', async () => {
      const existing = await createUser(t, { roles: ['nurse'] });
      const res = await as(admin)
        .post('/users')
        .send({ email: existing.email.toUpperCase(), displayName: 'Twin', password: TEST_PASSWORD, roles: ['nurse'] });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('AUTH.EMAIL_TAKEN');
      expect(res.text).not.toContain(existing.email);
      const rows = await t.db.query('SELECT id FROM users WHERE lower(email) = lower($1)', [existing.email]);
      expect(rows).toHaveLength(1);
    });

    const valid = () => ({
      email: `new.${uniqueSuffix()}@test.hms`,
      displayName: 'New Person',
      password: TEST_PASSWORD,
      roles: ['nurse'],
    });
    it.each([
      ['an unknown field', { isAdmin: true }, 'isAdmin'],
      ['a malformed email', { email: 'not-an-email' }, 'email'],
      [
        'an email over 254 characters',
        { email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.org` },
        'email',
      ],
      ['an empty display name', { displayName: '   ' }, 'displayName'],
      ['a display name over 200 characters', { displayName: 'x'.repeat(201) }, 'displayName'],
      ['a profession over 100 characters', { profession: 'x'.repeat(101) }, 'profession'],
      ['a specialty over 100 characters', { specialty: 'x'.repeat(101) }, 'specialty'],
      ['a licence number over 50 characters', { licenceNumber: 'x'.repeat(51) }, 'licenceNumber'],
      ['a hospital id that is no UUID', { hospitalId: 'general-hospital' }, 'hospitalId'],
      ['roles that are not a list', { roles: 'nurse' }, 'roles'],
      ['a missing password', { password: undefined }, 'password'],
    ])('answers 400 for %s, naming the field, and creates nothing', async (_case, change, field) => {
      const body = { ...valid(), ...change };
      const res = await as(admin).post('/users').send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fieldsOf(res.body)).toContain(field);
      expect(await t.db.query('SELECT id FROM users WHERE lower(email) = lower($1)', [String(body.email)])).toHaveLength(0);
    });

    it.each(['P@ssw0rd123!', 'Summer2024!', 'qwertyuiop123', 'NewPerson2024!'])(
      'answers 400 for the weak password %j, saying why without echoing it, and creates nobody',
      async (password) => {
        const body = { ...valid(), password };
        const res = await as(admin).post('/users').send(body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('AUTH.WEAK_PASSWORD');
        expect(res.body.errors).toContainEqual({
          field: 'password',
          message: expect.stringMatching(/^is too easy to guess: \S/),
        });
        expect(res.text.toLowerCase()).not.toContain(password.toLowerCase());
        expect(res.text).not.toContain(body.email);
        expect(await t.db.query('SELECT id FROM users WHERE lower(email) = lower($1)', [body.email])).toHaveLength(0);
      },
    );

    it('answers 400 for a role that does not exist', async () => {
      const res = await as(admin)
        .post('/users')
        .send({ ...valid(), roles: ['nurse', 'wizard'] });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'AUTH.UNKNOWN_ROLE', roles: ['wizard'] });
    });

    it('refuses to create an account with a role whose permissions the caller lacks', async () => {
      const body = { ...valid(), roles: ['auditor'] };
      const res = await as(manager).post('/users').send(body);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'AUTH.CANNOT_GRANT', permissions: ['audit:read'] });
      expect(await t.db.query('SELECT id FROM users WHERE email = $1', [body.email])).toHaveLength(0);
    });

    it('needs users:manage (403) and a token (401)', async () => {
      const auditor = await tokenFor(t, 'auditor');
      const forbidden = await as(auditor).post('/users').send(valid());
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.code).toBe('AUTH.PERMISSION_REQUIRED');
      const anonymous = await t.http().post('/api/v1/users').send(valid());
      expect(anonymous.status).toBe(401);
    });
  });

  describe('GET /users', () => {
    const marker = `Qz${uniqueSuffix().replace('_', '')}`;
    const hospitalId = randomUUID();
    const departmentId = randomUUID();
    let alpha: string, bravo: string, charlie: string;

    beforeAll(async () => {
      charlie = (await createUser(t, { roles: ['nurse'], displayName: `${marker} Charlie` })).id;
      alpha = (await createUser(t, { roles: ['doctor'], displayName: `${marker} Alpha`, hospitalId, departmentId })).id;
      bravo = (
        await createUser(t, {
          roles: ['pharmacist'],
          displayName: 'Someone Else',
          email: `${marker.toLowerCase()}.bravo@test.hms`,
          hospitalId,
        })
      ).id;
    });

    const ids = (body: { items: { id: string }[] }) => body.items.map((u) => u.id);

    it('searches email and display name case-insensitively, ordered by display name', async () => {
      const res = await as(admin).get(`/users?q=${marker.toUpperCase()}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 50 });
      expect(ids(res.body)).toEqual([alpha, charlie, bravo]);
      for (const item of res.body.items as Record<string, unknown>[]) expect(Object.keys(item).sort()).toEqual(USER_KEYS);
      expect(res.body.items[0]).toMatchObject({ displayName: `${marker} Alpha`, roles: ['doctor'], hospitalId, departmentId });
    });

    it('pages', async () => {
      const res = await as(admin).get(`/users?q=${marker}&pageSize=2&page=2`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(ids(res.body)).toEqual([bravo]);
      const beyond = await as(admin).get(`/users?q=${marker}&pageSize=2&page=5`);
      expect(beyond.body).toMatchObject({ items: [], total: 3 });
    });

    it('filters by hospital, department, role and status', async () => {
      expect(ids((await as(admin).get(`/users?hospitalId=${hospitalId}`)).body)).toEqual([alpha, bravo]);
      expect(ids((await as(admin).get(`/users?departmentId=${departmentId}`)).body)).toEqual([alpha]);
      expect(ids((await as(admin).get(`/users?q=${marker}&role=pharmacist`)).body)).toEqual([bravo]);
      expect((await as(admin).post(`/users/${charlie}/deactivate`)).status).toBe(200);
      expect(ids((await as(admin).get(`/users?q=${marker}&status=deactivated`)).body)).toEqual([charlie]);
      expect(ids((await as(admin).get(`/users?q=${marker}&status=active`)).body)).toEqual([alpha, bravo]);
    });

    it('takes the search text literally (no LIKE wildcards)', async () => {
      const res = await as(admin).get(`/users?q=${encodeURIComponent('%')}`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(0);
    });

    it.each([
      ['pageSize=201', 'pageSize'],
      ['pageSize=0', 'pageSize'],
      ['page=0', 'page'],
      [`q=${'x'.repeat(101)}`, 'q'],
      ['status=asleep', 'status'],
      ['hospitalId=north-wing', 'hospitalId'],
      ['sort=email', 'sort'],
    ])('answers 400 for %s', async (query, field) => {
      const res = await as(admin).get(`/users?${query}`);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toContain(field);
    });

    it('needs users:read', async () => {
      const nurse = await tokenFor(t, 'nurse');
      expect((await as(nurse).get('/users')).status).toBe(403);
    });
  });

  describe('GET /users/:id', () => {
    it('answers the user with its version as ETag', async () => {
      const user = await createUser(t, { roles: ['doctor'], displayName: 'Dr Who' });
      const res = await as(admin).get(`/users/${user.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"1"');
      expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
      expect(res.body).toMatchObject({ id: user.id, email: user.email, displayName: 'Dr Who', roles: ['doctor'], version: 1 });
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const id = randomUUID();
      const missing = await as(admin).get(`/users/${id}`);
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ code: 'COMMON.NOT_FOUND', detail: `User ${id} was not found` });
      expect((await as(admin).get('/users/not-a-uuid')).status).toBe(400);
    });
  });

  describe('users:read:hospital scope', () => {
    const north = randomUUID();
    const south = randomUUID();
    let reader: UserWithTokens;
    let inNorth: string, inSouth: string, nowhere: string;

    beforeAll(async () => {
      const role = await as(admin)
        .post('/roles')
        .send({ name: 'hospital_user_reader', permissions: ['users:read:hospital'] });
      expect(role.status).toBe(201);
      reader = await tokenFor(t, 'hospital_user_reader', { hospitalId: north });
      inNorth = (await createUser(t, { roles: ['nurse'], hospitalId: north })).id;
      inSouth = (await createUser(t, { roles: ['nurse'], hospitalId: south })).id;
      nowhere = (await createUser(t, { roles: ['nurse'] })).id;
    });

    it('lists only users of the caller’s hospital, counting only them', async () => {
      const res = await as(reader).get('/users?pageSize=200');
      expect(res.status).toBe(200);
      const items = res.body.items as { id: string; hospitalId: string }[];
      expect(items.map((u) => u.id).sort()).toEqual([inNorth, reader.userId].sort());
      expect(res.body.total).toBe(2);
      // A filter cannot widen the scope.
      const south_ = await as(reader).get(`/users?hospitalId=${south}`);
      expect(south_.body).toMatchObject({ items: [], total: 0 });
      // An administrator sees both hospitals.
      const all = await as(admin).get(`/users?hospitalId=${south}`);
      expect((all.body.items as { id: string }[]).map((u) => u.id)).toEqual([inSouth]);
    });

    it('answers 404 for a user of another hospital, and audits the attempt', async () => {
      expect((await as(reader).get(`/users/${inNorth}`)).status).toBe(200);
      const res = await as(reader).get(`/users/${inSouth}`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'COMMON.NOT_FOUND', detail: `User ${inSouth} was not found` });
      expect((await as(reader).get(`/users/${nowhere}`)).status).toBe(404);
      expect((await as(reader).get(`/users/${inSouth}/sessions`)).status).toBe(404);

      const denied = await queryAudited<{ type: string; payload: Record<string, unknown> }>(
        t,
        `SELECT type, payload FROM ${AUDITED_EVENTS} WHERE aggregate_id = $1 AND type = 'authz.AccessDenied.v1' ORDER BY sequence`,
        [reader.userId],
      );
      expect(denied.map((r) => r.payload.resourceId)).toEqual([inSouth, nowhere, inSouth]);
      expect(denied[0].payload).toMatchObject({ userId: reader.userId, reason: 'out-of-scope', resourceType: 'User' });
    });

    it('follows the reader to another hospital on their next request', async () => {
      const current = await as(admin).get(`/users/${reader.userId}`);
      const moved = await as(admin)
        .patch(`/users/${reader.userId}`)
        .set('If-Match', current.headers.etag)
        .send({ hospitalId: south });
      expect(moved.status).toBe(200);
      const res = await as(reader).get('/users?pageSize=200');
      expect((res.body.items as { id: string }[]).map((u) => u.id).sort()).toEqual([inSouth, reader.userId].sort());
    });
  });

  describe('PATCH /users/:id', () => {
    let target: string;
    beforeAll(async () => {
      target = (await createUser(t, { roles: ['nurse'], displayName: 'Before Name', hospitalId: randomUUID() })).id;
    });

    it('needs If-Match (428) with the current version (412)', async () => {
      const missing = await as(admin).patch(`/users/${target}`).send({ displayName: 'Nobody' });
      expect(missing.status).toBe(428);
      expect(missing.body.code).toBe('COMMON.PRECONDITION_REQUIRED');
      const stale = await as(admin).patch(`/users/${target}`).set('If-Match', '"7"').send({ displayName: 'Nobody' });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 'COMMON.VERSION_MISMATCH', expectedVersion: 7, currentVersion: 1 });
      const garbage = await as(admin).patch(`/users/${target}`).set('If-Match', '*').send({ displayName: 'Nobody' });
      expect(garbage.status).toBe(412);
      expect(await userRow(target)).toMatchObject({ version: 1 });
    });

    it('changes the fields sent, and records their names only', async () => {
      const res = await as(admin)
        .patch(`/users/${target}`)
        .set('If-Match', '"1"')
        .send({ displayName: '  After Name ', profession: 'midwife', hospitalId: null });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({ displayName: 'After Name', profession: 'midwife', hospitalId: null, version: 2 });
      const payload = await lastEvent(target, 'auth.UserUpdated.v1');
      expect(payload).toEqual({ changedFields: ['displayName', 'hospitalId', 'profession'] });
      expect(JSON.stringify(payload)).not.toContain('After Name');

      // The old version is stale now; a weak tag of the current one is fine.
      expect((await as(admin).patch(`/users/${target}`).set('If-Match', '"1"').send({ specialty: 'x' })).status).toBe(412);
      const weak = await as(admin).patch(`/users/${target}`).set('If-Match', 'W/"2"').send({ specialty: 'Obstetrics' });
      expect(weak.status).toBe(200);
      expect(weak.body.version).toBe(3);
    });

    it.each([
      ['an email (not editable here)', { email: 'x@test.hms' }, 'email'],
      ['a null display name', { displayName: null }, 'displayName'],
      ['a display name over 200 characters', { displayName: 'x'.repeat(201) }, 'displayName'],
      ['a licence number over 50 characters', { licenceNumber: 'x'.repeat(51) }, 'licenceNumber'],
      ['a department id that is no UUID', { departmentId: 'ward-7' }, 'departmentId'],
    ])('answers 400 for %s', async (_case, body, field) => {
      const res = await as(admin).patch(`/users/${target}`).set('If-Match', '"3"').send(body);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toContain(field);
    });

    it('answers 404 for an unknown user and 403 without users:manage', async () => {
      expect((await as(admin).patch(`/users/${randomUUID()}`).set('If-Match', '"1"').send({ displayName: 'X' })).status).toBe(
        404,
      );
      const auditor = await tokenFor(t, 'auditor');
      expect((await as(auditor).patch(`/users/${target}`).set('If-Match', '"3"').send({ displayName: 'X' })).status).toBe(403);
    });
  });

  describe('deactivation and reactivation', () => {
    it('ends the user’s access at once: access token, refresh token and sign-in', async () => {
      const user = await tokenFor(t, 'nurse');
      expect((await me(user)).status).toBe(200);

      const res = await as(manager).post(`/users/${user.userId}/deactivate`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.userId, status: 'deactivated', version: 2 });

      const after = await me(user);
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('AUTH.SESSION_ENDED');
      expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken })).status).toBe(401);
      expect((await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password })).status).toBe(401);
      const sessions = await t.db.query<{ revoked_reason: string }>('SELECT revoked_reason FROM sessions WHERE user_id = $1', [
        user.userId,
      ]);
      expect(sessions.map((s) => s.revoked_reason)).toEqual(['deactivated']);
      expect(await outboxTypes(user.userId)).toContain('auth.UserDeactivated.v1');

      // Again: nothing more to do, nothing more recorded.
      expect((await as(manager).post(`/users/${user.userId}/deactivate`)).status).toBe(200);
      expect((await outboxTypes(user.userId)).filter((type) => type === 'auth.UserDeactivated.v1')).toHaveLength(1);

      const back = await as(manager).post(`/users/${user.userId}/reactivate`);
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ status: 'active', version: 3 });
      expect((await outboxTypes(user.userId)).slice(-1)).toEqual(['auth.UserReactivated.v1']);
      expect((await login(t, user.email, user.password)).accessToken).toEqual(expect.any(String));
    });

    it('answers 404 for an unknown user and 403 without users:manage', async () => {
      expect((await as(manager).post(`/users/${randomUUID()}/deactivate`)).status).toBe(404);
      expect((await as(manager).post(`/users/${randomUUID()}/reactivate`)).status).toBe(404);
      const auditor = await tokenFor(t, 'auditor');
      expect((await as(auditor).post(`/users/${manager.userId}/deactivate`)).status).toBe(403);
      expect((await me(manager)).status).toBe(200);
    });
  });

  describe('POST /users/:id/unlock', () => {
    const failLogin = (email: string) => t.http().post('/api/v1/auth/login').send({ email, password: 'not my password at all' });

    const throttleRows = async (email: string) =>
      (
        await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sign_in_failures WHERE account_key = $1', [
          t.app.get(EmailKey).of(email),
        ])
      )[0].n;

    it('lifts a lockout and resets the failure counts, the throttles included', async () => {
      const user = await createUser(t, { roles: ['nurse'] });
      for (let i = 0; i < 3; i++) expect((await failLogin(user.email)).status).toBe(401);
      expect((await userRow(user.id)).status).toBe('locked');
      expect((await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password })).status).toBe(401);
      expect(await throttleRows(user.email)).toBe(1);

      const res = await as(manager).post(`/users/${user.id}/unlock`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'active', lockedUntil: null });
      expect(await userRow(user.id)).toMatchObject({ status: 'active', failed_login_count: 0, first_failed_login_at: null });
      // Else the next failure would count the addresses that failed before the unlock, and lock again.
      expect(await throttleRows(user.email)).toBe(0);
      expect(await outboxTypes(user.id)).toContain('auth.UserUnlocked.v1');
      expect((await login(t, user.email, user.password)).accessToken).toEqual(expect.any(String));
    });

    it('is harmless on an account that is not locked, and never reactivates one', async () => {
      const user = await createUser(t, { roles: ['nurse'] });
      await failLogin(user.email);
      expect((await userRow(user.id)).failed_login_count).toBe(1);
      const res = await as(manager).post(`/users/${user.id}/unlock`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'active', version: 1 });
      expect((await userRow(user.id)).failed_login_count).toBe(0);
      expect(await outboxTypes(user.id)).not.toContain('auth.UserUnlocked.v1');

      expect((await as(manager).post(`/users/${user.id}/deactivate`)).status).toBe(200);
      const unlocked = await as(manager).post(`/users/${user.id}/unlock`);
      expect(unlocked.status).toBe(200);
      expect(unlocked.body.status).toBe('deactivated');
    });
  });

  describe('PUT /users/:id/roles', () => {
    const emergencyList = (caller: { accessToken: string }) => as(caller).get('/auth/emergency-access');

    it('replaces the roles, effective on the user’s next request without signing in again', async () => {
      const user = await tokenFor(t, 'nurse');
      expect((await emergencyList(user)).status).toBe(403);

      const res = await as(admin)
        .put(`/users/${user.userId}/roles`)
        .send({ roles: ['nurse', 'auditor', 'auditor'] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ roles: ['auditor', 'nurse'], version: 2 });
      expect((await emergencyList(user)).status).toBe(200);
      expect(await lastEvent(user.userId, 'auth.UserRolesAssigned.v1')).toEqual({
        roles: ['auditor', 'nurse'],
        previousRoles: ['nurse'],
      });

      // Taking a role away needs no grant check: the manager lacks audit:read but may remove it.
      const removed = await as(manager)
        .put(`/users/${user.userId}/roles`)
        .send({ roles: ['nurse'] });
      expect(removed.status).toBe(200);
      expect((await emergencyList(user)).status).toBe(403);
    });

    it('refuses to add a role whose permissions the caller lacks', async () => {
      const user = await createUser(t, { roles: ['nurse'] });
      const res = await as(manager)
        .put(`/users/${user.id}/roles`)
        .send({ roles: ['nurse', 'auditor'] });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'AUTH.CANNOT_GRANT', permissions: ['audit:read'] });
      const self = await as(manager)
        .put(`/users/${manager.userId}/roles`)
        .send({ roles: ['user_manager', 'admin'] });
      expect(self.status).toBe(403);
      expect((await as(admin).get(`/users/${user.id}`)).body.roles).toEqual(['nurse']);
    });

    it('answers 400 for unknown roles or a malformed body, 404 for an unknown user', async () => {
      const user = await createUser(t, { roles: ['nurse'] });
      const unknown = await as(admin)
        .put(`/users/${user.id}/roles`)
        .send({ roles: ['nurse', 'wizard'] });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({ code: 'AUTH.UNKNOWN_ROLE', roles: ['wizard'] });
      expect(fieldsOf((await as(admin).put(`/users/${user.id}/roles`).send({ roles: 'nurse' })).body)).toContain('roles');
      expect(fieldsOf((await as(admin).put(`/users/${user.id}/roles`).send({ roles: [], extra: 1 })).body)).toContain('extra');
      expect((await as(admin).put(`/users/${randomUUID()}/roles`).send({ roles: [] })).status).toBe(404);
      expect((await as(admin).get(`/users/${user.id}`)).body).toMatchObject({ roles: ['nurse'], version: 1 });
    });
  });

  describe('sessions', () => {
    it('lists open sessions and revokes one: its token fails on the next request, the others keep working', async () => {
      const user = await tokenFor(t, 'nurse');
      const second = await login(t, user.email, user.password);
      const list = await as(admin).get(`/users/${user.userId}/sessions`);
      expect(list.status).toBe(200);
      expect(list.body).toHaveLength(2);
      expect(Object.keys(list.body[0]).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'ip', 'lastRefreshedAt', 'userAgent']);

      const sessionId = sessionIdOf(second.accessToken);
      expect((await me(second)).status).toBe(200);
      const res = await as(manager).delete(`/users/${user.userId}/sessions/${sessionId}`);
      expect(res.status).toBe(204);
      expect((await me(second)).status).toBe(401);
      expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken })).status).toBe(401);
      expect((await me(user)).status).toBe(200);
      const remaining = (await as(admin).get(`/users/${user.userId}/sessions`)).body as { id: string }[];
      expect(remaining.map((s) => s.id)).toEqual([sessionIdOf(user.accessToken)]);
      expect(await outboxTypes(sessionId)).toEqual(['auth.LoginSucceeded.v1', 'auth.SessionRevoked.v1']);
      expect(await lastEvent(sessionId, 'auth.SessionRevoked.v1')).toEqual({ userId: user.userId, reason: 'revoked-by-admin' });
    });

    it('does not list a session idle for longer than the timeout', async () => {
      const user = await tokenFor(t, 'nurse');
      const idle = await login(t, user.email, user.password);
      await t.db.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE id = $1`, [
        sessionIdOf(idle.accessToken),
      ]);
      const list = await as(admin).get(`/users/${user.userId}/sessions`);
      expect(list.status).toBe(200);
      expect((list.body as { id: string }[]).map((s) => s.id)).toEqual([sessionIdOf(user.accessToken)]);
    });

    it('answers 404 for a session of another user or none at all', async () => {
      const owner = await tokenFor(t, 'nurse');
      const other = await createUser(t, { roles: ['nurse'] });
      const sessionId = sessionIdOf(owner.accessToken);
      expect((await as(admin).delete(`/users/${other.id}/sessions/${sessionId}`)).status).toBe(404);
      expect((await as(admin).delete(`/users/${owner.userId}/sessions/${randomUUID()}`)).status).toBe(404);
      expect((await me(owner)).status).toBe(200);
    });

    it('lets users:read list but only users:manage revoke', async () => {
      const owner = await tokenFor(t, 'nurse');
      const auditor = await tokenFor(t, 'auditor');
      expect((await as(auditor).get(`/users/${owner.userId}/sessions`)).status).toBe(200);
      expect((await as(auditor).delete(`/users/${owner.userId}/sessions/${sessionIdOf(owner.accessToken)}`)).status).toBe(403);
      expect((await as(owner).get(`/users/${owner.userId}/sessions`)).status).toBe(403);
    });
  });

  describe('POST /users/:id/reset-password', () => {
    it('sets the password and ends every session of the user', async () => {
      // A pharmacist holds no permission the manager lacks, so the manager may reset it.
      const user = await tokenFor(t, 'pharmacist');
      const res = await as(manager).post(`/users/${user.userId}/reset-password`).send({ newPassword: NEW_PASSWORD });
      expect(res.status).toBe(204);
      expect((await me(user)).status).toBe(401);
      expect((await t.http().post('/api/v1/auth/login').send({ email: user.email, password: user.password })).status).toBe(401);
      expect((await login(t, user.email, NEW_PASSWORD)).accessToken).toEqual(expect.any(String));
      expect(await lastEvent(user.userId, 'auth.PasswordChanged.v1')).toEqual({ endedSessions: 1, byAdministrator: true });
    });

    it.each([
      ['a common password', 'qwerty123456', 'is too easy to guess: This is a commonly used password.'],
      ['one built from the user’s name', 'IngridHaverkamp1!', 'There should not be any personal or page related data.'],
    ])('applies the password policy to %s without echoing it', async (_, newPassword, why) => {
      const user = await tokenFor(t, 'nurse', { displayName: 'Ingrid Haverkamp' });
      const res = await as(admin).post(`/users/${user.userId}/reset-password`).send({ newPassword });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('AUTH.WEAK_PASSWORD');
      expect(res.body.errors).toEqual([{ field: 'newPassword', message: expect.stringContaining(why) }]);
      expect(res.text.toLowerCase()).not.toContain(newPassword.toLowerCase());
      expect(res.text.toLowerCase()).not.toContain('haverkamp');
      expect((await me(user)).status).toBe(200);
    });

    it('refuses a caller who does not hold every permission of the user (no account takeover)', async () => {
      const res = await as(manager).post(`/users/${admin.userId}/reset-password`).send({ newPassword: NEW_PASSWORD });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH.CANNOT_GRANT');
      expect((await me(admin)).status).toBe(200);
      const nurse = await tokenFor(t, 'nurse');
      const clinical = await as(manager).post(`/users/${nurse.userId}/reset-password`).send({ newPassword: NEW_PASSWORD });
      expect(clinical.status).toBe(403);
      // The nurse's permissions the manager lacks: the EMR's and appointments' defaults and break-the-glass.
      expect(clinical.body.permissions).toEqual([
        'appointments:read:department',
        'emr:read:department',
        'emr:write:department',
        'encounters:read:department',
        'patients:emergency-access',
        'schedules:read',
      ]);
      expect((await me(nurse)).status).toBe(200);
    });

    it('answers 400 for a malformed body and 404 for an unknown user', async () => {
      const user = await createUser(t, { roles: ['nurse'] });
      const extra = await as(admin).post(`/users/${user.id}/reset-password`).send({ newPassword: NEW_PASSWORD, notify: true });
      expect(extra.status).toBe(400);
      expect(fieldsOf(extra.body)).toEqual(['notify']);
      expect((await as(admin).post(`/users/${user.id}/reset-password`).send({})).status).toBe(400);
      expect((await as(admin).post(`/users/${randomUUID()}/reset-password`).send({ newPassword: NEW_PASSWORD })).status).toBe(
        404,
      );
    });
  });

  it('never writes a password, an email or a hash into an event', async () => {
    // Fact-only events (refusals, failed sign-ins) are read from the audit store, which they alone reach.
    const rows = await queryAudited<{ text: string }>(
      t,
      `SELECT payload::text AS text FROM outbox UNION ALL SELECT payload::text FROM ${AUDITED_EVENTS}`,
    );
    expect(rows.length).toBeGreaterThan(20);
    for (const { text } of rows) {
      expect(text).not.toContain(TEST_PASSWORD);
      expect(text).not.toContain(NEW_PASSWORD);
      expect(text).not.toContain('@test.hms');
      expect(text).not.toContain('$argon2');
    }
  });

  // Last: it ends the administrators of this file.
  it('keeps one active administrator when all are deactivated at once', async () => {
    await createUser(t, { roles: ['admin'] });
    await createUser(t, { roles: ['admin', 'doctor'] });
    const activeAdmins = async () =>
      (
        await t.db.query<{ id: string }>(
          `SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
            WHERE r.name = 'admin' AND u.status = 'active'`,
        )
      ).map((r) => r.id);
    const before = await activeAdmins();
    expect(before.length).toBeGreaterThanOrEqual(3);

    const results = await Promise.all(before.map((id) => as(manager).post(`/users/${id}/deactivate`)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array<number>(before.length - 1).fill(200), 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('AUTH.LAST_ADMIN');
    expect(await activeAdmins()).toHaveLength(1);
  });
});
