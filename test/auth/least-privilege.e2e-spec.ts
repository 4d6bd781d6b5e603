import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendAll } from '../audit/support/audit-store.js';
import { apiAs, givenHospital, patientBody, PROBLEM } from '../patients/support/patients-api.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { bearer, TEST_PASSWORD, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { uniqueSuffix } from '../support/test-env.js';

interface ReportItem {
  type: string;
  who: { id: string };
  why: string | null;
}

/**
 * Minimum necessary (ADR 25): administrators manage accounts, roles,
 * hospitals and imports, and open no patient record. They may give others
 * the permissions they lack themselves, but nobody grants to themselves.
 */
describe('least privilege for the admin role', () => {
  let t: TestApp;
  let admin: UserWithTokens;
  let secondAdmin: UserWithTokens;
  let auditor: UserWithTokens;
  let patientId: string;

  const as = (who: UserWithTokens) => apiAs(t, who);
  const setRoles = (who: UserWithTokens, userId: string, roles: string[]) =>
    t.http().put(`/api/v1/users/${userId}/roles`).set('Authorization', bearer(who.accessToken)).send({ roles });
  const denials = (userId: string, reason: string) =>
    queryAudited<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM ${AUDITED_EVENTS}
        WHERE type = 'authz.AccessDenied.v1' AND aggregate_id = $1 AND payload->>'reason' = $2 ORDER BY sequence`,
      [userId, reason],
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    admin = await tokenFor(t, 'admin');
    secondAdmin = await tokenFor(t, 'admin');
    auditor = await tokenFor(t, 'auditor');
    const hospitalId = await givenHospital(as(admin));
    const officer = await tokenFor(t, 'records_officer', { hospitalId });
    const registered = await as(officer)
      .post('/patients')
      .send(patientBody({ registeringHospitalId: hospitalId }));
    expect(registered.status).toBe(201);
    patientId = registered.body.id as string;
  });
  afterAll(() => t.close());

  it('holds no permission that opens patients’ records, and keeps the administrative ones', async () => {
    const me = await as(admin).get('/auth/me');
    expect(me.status).toBe(200);
    const permissions = me.body.permissions as string[];
    expect(permissions.filter((p) => p.startsWith('patients:'))).toEqual([]);
    expect(permissions).toEqual(expect.arrayContaining(['users:manage', 'roles:manage', 'hospitals:manage', 'hospitals:import']));
  });

  it('gets the patient’s 404, the same answer as a patient that does not exist, and the refusal is audited', async () => {
    const refused = await as(admin).get(`/patients/${patientId}`);
    expect(refused.status).toBe(404);
    expect(refused.headers['content-type']).toMatch(PROBLEM);
    const missingId = randomUUID();
    const missing = await as(admin).get(`/patients/${missingId}`);
    expect(missing.status).toBe(404);
    const shape = (body: Record<string, unknown>, id: string) =>
      JSON.stringify({ ...body, correlationId: null, instance: null }).replaceAll(id, '<id>');
    expect(shape(refused.body, patientId)).toBe(shape(missing.body, missingId));
    expect(JSON.stringify(refused.body)).not.toContain('patients:read');

    const history = await as(admin).get(`/patients/${patientId}/history`);
    expect(history.status).toBe(404);

    const rows = await denials(admin.userId, 'missing-permission');
    expect(rows.map((r) => [r.payload.resourceType, r.payload.resourceId, r.payload.permission])).toEqual(
      expect.arrayContaining([
        ['Patient', patientId, 'patients:read'],
        ['Patient', missingId, 'patients:read'],
      ]),
    );
    // Auditors see it in the patient's accounting of access.
    await appendAll(t);
    const report = await as(auditor).get(`/audit/patients/${patientId}/access-report`);
    expect(report.status).toBe(200);
    const adminItems = (report.body.items as ReportItem[]).filter((i) => i.who.id === admin.userId);
    expect(adminItems.map((i) => [i.type, i.why])).toEqual([
      ['authz.AccessDenied.v1', 'missing-permission'],
      ['authz.AccessDenied.v1', 'missing-permission'],
    ]);
  });

  it('is refused the patient lists and every patient change with 403', async () => {
    expect((await as(admin).get('/patients?lastName=Zelinda')).status).toBe(403);
    expect((await as(admin).post('/patients').send(patientBody())).status).toBe(403);
    expect((await as(admin).post('/auth/emergency-access').send({ patientId, reason: 'Curious about this one' })).status).toBe(
      403,
    );
  });

  it('still gives others the patient permissions it lacks: a new records officer, a custom clinical role', async () => {
    const created = await as(admin)
      .post('/users')
      .send({
        email: `records.${uniqueSuffix()}@test.hms`,
        displayName: 'Records Officer',
        password: TEST_PASSWORD,
        roles: ['records_officer'],
      });
    expect(created.status).toBe(201);
    const role = await as(admin)
      .post('/roles')
      .send({ name: `chart_reader_${uniqueSuffix()}`, permissions: ['patients:read:hospital', 'patients:read-sensitive'] });
    expect(role.status).toBe(201);
  });

  it('cannot add roles to its own account: another administrator must, and the attempt is audited', async () => {
    const before = (await as(admin).get('/auth/me')).body.roles as string[];
    const res = await setRoles(admin, admin.userId, ['admin', 'doctor']);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('AUTH.SELF_GRANT');
    expect((await as(admin).get('/auth/me')).body.roles).toEqual(before);
    const rows = await denials(admin.userId, 'self-grant');
    expect(rows.map((r) => [r.payload.resourceType, r.payload.resourceId])).toContainEqual(['User', admin.userId]);

    // Removing one's own roles is no grant; another administrator may add them.
    const byOther = await setRoles(secondAdmin, admin.userId, ['admin', 'doctor']);
    expect(byOther.status).toBe(200);
    expect((byOther.body.roles as string[]).sort()).toEqual(['admin', 'doctor']);
  });

  it('cannot add permissions to a role it holds itself', async () => {
    const name = `ward_admin_${uniqueSuffix()}`;
    const role = await as(secondAdmin)
      .post('/roles')
      .send({ name, permissions: ['hospitals:read'] });
    expect(role.status).toBe(201);
    const holder = await tokenFor(t, 'admin');
    const assigned = await setRoles(secondAdmin, holder.userId, ['admin', name]);
    expect(assigned.status).toBe(200);

    const widen = await as(holder)
      .patch(`/roles/${role.body.id as string}`)
      .set('If-Match', '"1"')
      .send({ permissions: ['hospitals:read', 'patients:read'] });
    expect(widen.status).toBe(403);
    expect(widen.body.code).toBe('AUTH.SELF_GRANT');
    expect((await as(secondAdmin).get(`/roles/${role.body.id as string}`)).body.permissions).toEqual(['hospitals:read']);
    const rows = await denials(holder.userId, 'self-grant');
    expect(rows.map((r) => [r.payload.resourceType, r.payload.resourceId])).toEqual([['Role', role.body.id]]);

    // Narrowing a role one holds is allowed.
    const narrow = await as(holder)
      .patch(`/roles/${role.body.id as string}`)
      .set('If-Match', '"1"')
      .send({ permissions: [] });
    expect(narrow.status).toBe(200);
  });
});
