import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, createUser, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { uniqueSuffix } from '../support/test-env.js';

const PROBLEM = /^application\/problem\+json/;
const ROLE_KEYS = ['builtIn', 'createdAt', 'description', 'id', 'name', 'permissions', 'updatedAt', 'userCount', 'version'];

describe('roles administration API', () => {
  let t: TestApp;
  let admin: UserWithTokens;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } });
    admin = await tokenFor(t, 'admin');
  });
  afterAll(() => t.close());

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
  const roleName = (prefix: string) => `${prefix}_${uniqueSuffix()}`;
  const createRole = async (permissions: string[], name = roleName('custom')) => {
    const res = await as(admin).post('/roles').send({ name, permissions });
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string; version: number };
  };
  const outboxOf = (aggregateId: string) =>
    t.db.query<{ type: string; payload: Record<string, unknown> }>(
      'SELECT type, payload FROM outbox WHERE aggregate_id = $1 ORDER BY id',
      [aggregateId],
    );
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
  const roleByName = async (name: string) => (await t.db.query('SELECT * FROM roles WHERE name = $1', [name]))[0];

  describe('GET /roles', () => {
    it('lists every role with its permissions and how many users hold it', async () => {
      const res = await as(admin).get('/roles');
      expect(res.status).toBe(200);
      const roles = res.body as Record<string, unknown>[];
      for (const role of roles) expect(Object.keys(role).sort()).toEqual(ROLE_KEYS);
      const byName = Object.fromEntries(roles.map((r) => [r.name, r]));
      expect(Object.keys(byName)).toEqual(
        expect.arrayContaining([
          'admin',
          'doctor',
          'nurse',
          'pharmacist',
          'lab_technician',
          'receptionist',
          'billing_clerk',
          'auditor',
        ]),
      );
      expect(byName.admin).toMatchObject({ builtIn: true, userCount: 1 });
      expect(byName.admin.permissions).toEqual(expect.arrayContaining(['roles:manage', 'users:manage', 'audit:read']));
      expect(byName.auditor).toMatchObject({
        builtIn: true,
        userCount: 0,
        permissions: ['audit:read', 'hospitals:read', 'users:read'],
      });
    });

    it('needs roles:manage (403) and a token (401)', async () => {
      const auditor = await tokenFor(t, 'auditor');
      const res = await as(auditor).get('/roles');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH.PERMISSION_REQUIRED');
      expect((await t.http().get('/api/v1/roles')).status).toBe(401);
    });
  });

  describe('POST /roles and GET /roles/:id', () => {
    it('creates a role and answers it, with its version as ETag', async () => {
      const name = roleName('ward_clerk');
      const res = await as(admin)
        .post('/roles')
        .send({ name: ` ${name} `, description: '  Ward clerks ', permissions: ['users:read:hospital', 'users:read:hospital'] });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name,
        description: 'Ward clerks',
        builtIn: false,
        permissions: ['users:read:hospital'],
        userCount: 0,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(res.headers.etag).toBe('"1"');
      expect(res.headers.location).toBe(`/api/v1/roles/${res.body.id}`);
      expect(await outboxOf(res.body.id)).toEqual([
        { type: 'auth.RoleCreated.v1', payload: { name, permissions: ['users:read:hospital'] } },
      ]);

      const read = await as(admin).get(`/roles/${res.body.id}`);
      expect(read.status).toBe(200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.body).toEqual(res.body);
    });

    it('answers 404 for an unknown role and 400 for a malformed id', async () => {
      expect((await as(admin).get(`/roles/${randomUUID()}`)).status).toBe(404);
      expect((await as(admin).get('/roles/nurse')).status).toBe(400);
    });

    it('refuses a taken name with 409, also when two creations race', async () => {
      const taken = await as(admin).post('/roles').send({ name: 'nurse', permissions: [] });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ code: 'AUTH.ROLE_NAME_TAKEN', name: 'nurse' });

      const name = roleName('racer');
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          as(admin)
            .post('/roles')
            .send({ name, permissions: ['users:read'] }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      expect(await t.db.query('SELECT id FROM roles WHERE name = $1', [name])).toHaveLength(1);
    });

    it.each([
      ['an upper-case name', { name: 'WardClerk' }, 'name'],
      ['a one-letter name', { name: 'w' }, 'name'],
      ['a name starting with a digit', { name: '7ward' }, 'name'],
      ['a name over 50 characters', { name: `w${'a'.repeat(50)}` }, 'name'],
      ['a description over 500 characters', { description: 'x'.repeat(501) }, 'description'],
      ['permissions that are not a list', { permissions: 'users:read' }, 'permissions'],
      ['a permission over 100 characters', { permissions: ['x'.repeat(101)] }, 'permissions'],
      ['an unknown field', { builtIn: true }, 'builtIn'],
    ])('answers 400 for %s and creates nothing', async (_case, change, field) => {
      const body = { name: roleName('bad'), permissions: [], ...change };
      const res = await as(admin).post('/roles').send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fieldsOf(res.body)).toContain(field);
      expect(await roleByName(String(body.name))).toBeUndefined();
    });

    it('answers 400 for permissions outside the catalogue, naming them', async () => {
      const name = roleName('odd');
      const res = await as(admin)
        .post('/roles')
        .send({ name, permissions: ['users:read', 'users:fly', 'users:read:department'] });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'AUTH.UNKNOWN_PERMISSION', permissions: ['users:fly', 'users:read:department'] });
      expect(await roleByName(name)).toBeUndefined();
    });
  });

  describe('nobody can grant a permission they do not hold', () => {
    let delegate: UserWithTokens;
    beforeAll(async () => {
      const role = await createRole(['users:manage', 'roles:manage', 'hospitals:read'], roleName('delegate'));
      delegate = await tokenFor(t, role.name);
    });

    it('a role with a permission the creator lacks is refused (403), one within their own is fine', async () => {
      const refusedName = roleName('auditors');
      const refused = await as(delegate)
        .post('/roles')
        .send({ name: refusedName, permissions: ['users:read', 'audit:read'] });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'AUTH.CANNOT_GRANT', permissions: ['audit:read'] });
      expect(await roleByName(refusedName)).toBeUndefined();

      const allowed = await as(delegate)
        .post('/roles')
        .send({ name: roleName('readers'), permissions: ['users:read:hospital'] });
      expect(allowed.status).toBe(201);
      // Nor can a role be widened beyond the editor's own permissions.
      const widened = await as(delegate)
        .patch(`/roles/${allowed.body.id}`)
        .set('If-Match', '"1"')
        .send({ permissions: ['audit:read'] });
      expect(widened.status).toBe(403);
      expect(widened.body.code).toBe('AUTH.CANNOT_GRANT');
    });

    it('assigning the auditor role, or creating an auditor, is refused (403)', async () => {
      const user = await createUser(t, { roles: ['pharmacist'] });
      const assign = await as(delegate)
        .put(`/users/${user.id}/roles`)
        .send({ roles: ['pharmacist', 'auditor'] });
      expect(assign.status).toBe(403);
      expect(assign.body).toMatchObject({ code: 'AUTH.CANNOT_GRANT', permissions: ['audit:read'] });
      expect((await as(admin).get(`/users/${user.id}`)).body.roles).toEqual(['pharmacist']);

      const create = await as(delegate)
        .post('/users')
        .send({
          email: `aud.${uniqueSuffix()}@test.hms`,
          displayName: 'Aud',
          password: 'correct staple battery horse 42',
          roles: ['auditor'],
        });
      expect(create.status).toBe(403);
      expect(create.body.code).toBe('AUTH.CANNOT_GRANT');

      const self = await as(delegate)
        .put(`/users/${delegate.userId}/roles`)
        .send({ roles: ['admin'] });
      expect(self.status).toBe(403);
    });
  });

  describe('PATCH /roles/:id', () => {
    it('needs If-Match (428) with the current version (412)', async () => {
      const role = await createRole(['users:read']);
      const missing = await as(admin).patch(`/roles/${role.id}`).send({ description: 'x' });
      expect(missing.status).toBe(428);
      expect(missing.body.code).toBe('COMMON.PRECONDITION_REQUIRED');
      const stale = await as(admin).patch(`/roles/${role.id}`).set('If-Match', '"2"').send({ description: 'x' });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 'COMMON.VERSION_MISMATCH', expectedVersion: 2, currentVersion: 1 });
      expect((await as(admin).get(`/roles/${role.id}`)).body).toMatchObject({ description: '', version: 1 });
    });

    it('changes description and permissions and records what was added and removed', async () => {
      const role = await createRole(['users:read']);
      const res = await as(admin)
        .patch(`/roles/${role.id}`)
        .set('If-Match', '"1"')
        .send({ description: ' Reads the audit trail ', permissions: ['audit:read', 'users:read:hospital'] });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({
        description: 'Reads the audit trail',
        permissions: ['audit:read', 'users:read:hospital'],
        version: 2,
      });
      const events = await outboxOf(role.id);
      expect(events.map((e) => e.type)).toEqual(['auth.RoleCreated.v1', 'auth.RoleUpdated.v1']);
      expect(events[1].payload).toEqual({
        name: role.name,
        added: ['audit:read', 'users:read:hospital'],
        removed: ['users:read'],
        descriptionChanged: true,
      });
      // A stale version is refused now.
      expect((await as(admin).patch(`/roles/${role.id}`).set('If-Match', '"1"').send({ description: 'y' })).status).toBe(412);
    });

    it('keeps the admin role read-only but lets other built-in roles change', async () => {
      const roles = (await as(admin).get('/roles')).body as { id: string; name: string; version: number }[];
      const adminRole = roles.find((r) => r.name === 'admin')!;
      const res = await as(admin)
        .patch(`/roles/${adminRole.id}`)
        .set('If-Match', `"${adminRole.version}"`)
        .send({ description: 'Mine now' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('AUTH.BUILT_IN_ROLE');

      const pharmacist = roles.find((r) => r.name === 'pharmacist')!;
      const edited = await as(admin)
        .patch(`/roles/${pharmacist.id}`)
        .set('If-Match', `"${pharmacist.version}"`)
        .send({ permissions: ['users:read:hospital'] });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ builtIn: true, permissions: ['users:read:hospital'] });
    });

    it.each([
      ['a new name', { name: 'renamed' }, 'name'],
      ['a null description', { description: null }, 'description'],
      ['a description over 500 characters', { description: 'x'.repeat(501) }, 'description'],
      ['permissions that are not a list', { permissions: 'audit:read' }, 'permissions'],
    ])('answers 400 for %s', async (_case, body, field) => {
      const role = await createRole([]);
      const res = await as(admin).patch(`/roles/${role.id}`).set('If-Match', '"1"').send(body);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toContain(field);
    });

    it('answers 400 for unknown permissions and 404 for an unknown role', async () => {
      const role = await createRole([]);
      const res = await as(admin)
        .patch(`/roles/${role.id}`)
        .set('If-Match', '"1"')
        .send({ permissions: ['patients:teleport'] });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'AUTH.UNKNOWN_PERMISSION', permissions: ['patients:teleport'] });
      expect((await as(admin).patch(`/roles/${randomUUID()}`).set('If-Match', '"1"').send({ description: 'x' })).status).toBe(
        404,
      );
    });
  });

  it('a role change takes effect on the holder’s next request, without signing in again', async () => {
    const role = await createRole(['audit:read']);
    const holder = await tokenFor(t, role.name);
    const grants = () => as(holder).get('/auth/emergency-access');
    expect((await grants()).status).toBe(200);

    const removed = await as(admin).patch(`/roles/${role.id}`).set('If-Match', '"1"').send({ permissions: [] });
    expect(removed.status).toBe(200);
    const refused = await grants();
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('AUTH.PERMISSION_REQUIRED');

    expect(
      (
        await as(admin)
          .patch(`/roles/${role.id}`)
          .set('If-Match', '"2"')
          .send({ permissions: ['audit:read'] })
      ).status,
    ).toBe(200);
    expect((await grants()).status).toBe(200);
  });

  describe('DELETE /roles/:id', () => {
    it('deletes a custom role nobody holds', async () => {
      const role = await createRole(['users:read']);
      const res = await as(admin).delete(`/roles/${role.id}`);
      expect(res.status).toBe(204);
      expect((await as(admin).get(`/roles/${role.id}`)).status).toBe(404);
      expect((await outboxOf(role.id)).map((e) => e.type)).toEqual(['auth.RoleCreated.v1', 'auth.RoleDeleted.v1']);
      expect((await as(admin).delete(`/roles/${role.id}`)).status).toBe(404);
    });

    it('refuses a role somebody holds until it is taken from them', async () => {
      const role = await createRole(['users:read']);
      const holder = await createUser(t, { roles: [role.name] });
      const res = await as(admin).delete(`/roles/${role.id}`);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'AUTH.ROLE_IN_USE', userCount: 1 });
      expect((await as(admin).get(`/roles/${role.id}`)).body.userCount).toBe(1);

      expect((await as(admin).put(`/users/${holder.id}/roles`).send({ roles: [] })).status).toBe(200);
      expect((await as(admin).delete(`/roles/${role.id}`)).status).toBe(204);
    });

    it('refuses built-in roles', async () => {
      const clerk = await roleByName('billing_clerk');
      const res = await as(admin).delete(`/roles/${String(clerk.id)}`);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('AUTH.BUILT_IN_ROLE');
      expect(await roleByName('billing_clerk')).toBeDefined();
    });

    it('needs roles:manage', async () => {
      const role = await createRole([]);
      const auditor = await tokenFor(t, 'auditor');
      expect((await as(auditor).delete(`/roles/${role.id}`)).status).toBe(403);
      expect((await as(admin).get(`/roles/${role.id}`)).status).toBe(200);
    });
  });
});
