import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { uuidv7 } from '@hms/ddd';
import { administrativePermissions } from '@hms/authz';
import { CONTEXTS } from '../../src/contexts.js';
import { contextCatalogue } from '../../src/infrastructure/context/context-catalogue.js';
import { ADMIN_ROLE, BUILT_IN_ROLES } from '../../src/modules/auth/index.js';
import { UndeclaredModule } from '../fixtures/undeclared/undeclared.module.js';
import { apiAs, givenHospital, patientBody } from '../patients/support/patients-api.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { tokenFor, untilGrantEnded } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ROLES = Object.keys(BUILT_IN_ROLES);

/**
 * Representative routes and the roles the default matrix lets through. The
 * guard runs before validation, so an empty body answers 400 to a permitted
 * caller and 403 to everyone else.
 */
const MATRIX: {
  route: string;
  method: 'get' | 'post';
  body?: object;
  allowed: string[];
  okStatus: number;
  /** Callers placed in a hospital and department: a scoped permission grants nothing without its anchor. */
  anchored?: boolean;
}[] = [
  { method: 'get', route: '/api/v1/auth/me', allowed: ROLES, okStatus: 200 },
  { method: 'get', route: '/api/v1/permissions', allowed: ROLES, okStatus: 200 },
  { method: 'get', route: '/api/v1/users', allowed: ['admin', 'auditor'], okStatus: 200 },
  { method: 'post', route: '/api/v1/users', body: {}, allowed: ['admin'], okStatus: 400 },
  { method: 'get', route: '/api/v1/roles', allowed: ['admin'], okStatus: 200 },
  { method: 'post', route: '/api/v1/roles', body: {}, allowed: ['admin'], okStatus: 400 },
  { method: 'get', route: '/api/v1/auth/emergency-access', allowed: ['admin', 'auditor'], okStatus: 200 },
  { method: 'post', route: '/api/v1/auth/emergency-access', body: {}, allowed: ['doctor', 'nurse'], okStatus: 400 },
  { method: 'get', route: '/api/v1/hospitals', allowed: ROLES, okStatus: 200 },
  { method: 'post', route: '/api/v1/hospitals', body: {}, allowed: ['admin'], okStatus: 400 },
  { method: 'post', route: '/api/v1/hospitals/bulk', body: {}, allowed: ['admin'], okStatus: 400 },
  {
    method: 'get',
    route: '/api/v1/patients',
    allowed: [
      'doctor',
      'nurse',
      'pharmacist',
      'lab_technician',
      'receptionist',
      'billing_clerk',
      'records_officer',
      'department_head',
    ],
    okStatus: 200,
    anchored: true,
  },
  {
    method: 'post',
    route: '/api/v1/patients',
    body: {},
    allowed: ['receptionist', 'records_officer'],
    okStatus: 400,
    anchored: true,
  },
];

describe('authorization', () => {
  let t: TestApp;
  const tokens: Record<string, { accessToken: string; userId: string }> = {};
  const anchoredTokens: Record<string, { accessToken: string; userId: string }> = {};

  beforeAll(async () => {
    t = await startTestApp({
      imports: [UndeclaredModule],
      env: { EMERGENCY_ACCESS_SECONDS: '2', RATE_LIMIT_MAX: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    for (const role of ROLES) tokens[role] = await tokenFor(t, role);
    const anchors = { hospitalId: uuidv7(), departmentId: uuidv7() };
    for (const role of ROLES) anchoredTokens[role] = await tokenFor(t, role, anchors);
  });
  afterAll(() => t.close());

  const as = (role: string) => ({
    get: (route: string) => t.http().get(route).set('Authorization', `Bearer ${tokens[role].accessToken}`),
    post: (route: string, body: object = {}) =>
      t.http().post(route).set('Authorization', `Bearer ${tokens[role].accessToken}`).send(body),
  });

  const asAnchored = (role: string) => ({
    get: (route: string) => t.http().get(route).set('Authorization', `Bearer ${anchoredTokens[role].accessToken}`),
    post: (route: string, body: object = {}) =>
      t.http().post(route).set('Authorization', `Bearer ${anchoredTokens[role].accessToken}`).send(body),
  });

  it('built-in roles in the database match the default matrix of the context descriptors', async () => {
    const rows = await t.db.query<{ name: string; permissions: string[]; built_in: boolean }>(
      'SELECT name, permissions, built_in FROM roles ORDER BY name',
    );
    const catalogue = contextCatalogue(CONTEXTS);
    // Admin holds no permission that opens a patient record (ADR 25).
    const administrative = administrativePermissions(catalogue.permissions).sort();
    expect(administrative.some((p) => p.startsWith('patients:'))).toBe(false);
    expect(rows.map((r) => r.name).sort()).toEqual([...ROLES].sort());
    for (const row of rows) {
      const expected = row.name === ADMIN_ROLE ? administrative : [...(catalogue.defaultGrants[row.name] ?? [])].sort();
      expect([row.name, [...row.permissions].sort(), row.built_in]).toEqual([row.name, expected, true]);
    }
  });

  describe.each(MATRIX)('$method $route', ({ method, route, body, allowed, okStatus, anchored }) => {
    it.each(ROLES)('as %s', async (role) => {
      const caller = anchored ? asAnchored(role) : as(role);
      const res = method === 'get' ? await caller.get(route) : await caller.post(route, body);
      if (allowed.includes(role)) {
        expect(res.status).toBe(okStatus);
      } else {
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('AUTH.PERMISSION_REQUIRED');
      }
    });
  });

  it('refuses a route that declares no permission, to every role: routes are closed by default', async () => {
    expect((await t.http().get('/api/v1/undeclared')).status).toBe(401);
    for (const role of ROLES) {
      const res = await as(role).get('/api/v1/undeclared');
      expect([role, res.status]).toEqual([role, 403]);
      expect(res.body.leaked).toBeUndefined();
    }
  });

  it('audits a missing permission as denied', async () => {
    const pharmacist = await tokenFor(t, 'pharmacist');
    const res = await t.http().get('/api/v1/auth/emergency-access').set('Authorization', `Bearer ${pharmacist.accessToken}`);
    expect(res.status).toBe(403);
    const rows = await queryAudited<{ payload: Record<string, unknown>; actor: { id: string } }>(
      t,
      `SELECT payload, actor FROM ${AUDITED_EVENTS} WHERE type = 'authz.AccessDenied.v1' AND aggregate_id = $1`,
      [pharmacist.userId],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        payload: expect.objectContaining({
          reason: 'missing-permission',
          permission: 'audit:read',
          method: 'GET',
          route: '/api/v1/auth/emergency-access',
        }),
        actor: expect.objectContaining({ id: pharmacist.userId, kind: 'user', roles: ['pharmacist'] }),
      }),
    ]);
  });

  it('serves the permission catalogue', async () => {
    const res = await as('nurse').get('/api/v1/permissions');
    expect(res.body).toEqual(
      expect.arrayContaining([{ name: 'users:read', description: expect.any(String), scopes: ['hospital', 'all'] }]),
    );
  });

  describe('break-the-glass', () => {
    it('opens one patient record for its duration, is audited with its reason, and auditors list it', async () => {
      const hospitalId = await givenHospital(apiAs(t, tokens.admin));
      const asRecordsOfficer = apiAs(t, tokens.records_officer);
      const register = async () => {
        const res = await asRecordsOfficer.post('/patients').send(patientBody({ registeringHospitalId: hospitalId }));
        expect(res.status).toBe(201);
        return res.body.id as string;
      };
      const patientId = await register();
      const other = await register();
      // A doctor placed in no department has no patients:read scope that reaches these records:
      // refused like a patient out of scope, with its 404 (ADR 25).
      expect((await as('doctor').get(`/api/v1/patients/${patientId}`)).status).toBe(404);

      const reason = 'Unconscious patient in resuscitation, allergy history needed';
      const grant = await as('doctor').post('/api/v1/auth/emergency-access', { patientId, reason });
      expect(grant.status).toBe(201);
      expect(grant.body).toMatchObject({ patientId, reason, userId: tokens.doctor.userId });
      const grantedFor = new Date(grant.body.expiresAt).getTime() - new Date(grant.body.grantedAt).getTime();
      expect(grantedFor).toBe(2_000);

      expect((await as('doctor').get(`/api/v1/patients/${patientId}`)).status).toBe(200);
      expect((await as('doctor').get(`/api/v1/patients/${other}`)).status).toBe(404);
      const me = await as('doctor').get('/api/v1/auth/me');
      expect(me.body.emergencyAccess).toEqual([expect.objectContaining({ patientId, grantId: grant.body.grantId })]);

      const [event] = await t.db.query<{ payload: Record<string, unknown> }>(
        `SELECT payload FROM outbox WHERE type = 'auth.EmergencyAccessGranted.v1' AND aggregate_id = $1`,
        [grant.body.grantId],
      );
      expect(event.payload).toMatchObject({ userId: tokens.doctor.userId, patientId, reason });

      const listed = await as('auditor').get(`/api/v1/auth/emergency-access?patientId=${patientId}`);
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({
        total: 1,
        page: 1,
        items: [expect.objectContaining({ grantId: grant.body.grantId, reason })],
      });

      await untilGrantEnded(t, tokens.doctor, grant.body.grantId as string);
      expect((await as('doctor').get(`/api/v1/patients/${patientId}`)).status).toBe(404);
      expect((await as('auditor').get(`/api/v1/auth/emergency-access?patientId=${patientId}&active=true`)).body.total).toBe(0);
    });

    it('needs a reason of at least 10 characters and a patient id', async () => {
      const res = await as('nurse').post('/api/v1/auth/emergency-access', { patientId: 'not-a-uuid', reason: 'because' });
      expect(res.status).toBe(400);
      expect((res.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['patientId', 'reason']);
    });

    it('is refused to roles without patients:emergency-access', async () => {
      const res = await as('receptionist').post('/api/v1/auth/emergency-access', {
        patientId: uuidv7(),
        reason: 'just curious about this one',
      });
      expect(res.status).toBe(403);
    });

    it('rejects bad listing filters', async () => {
      expect((await as('auditor').get('/api/v1/auth/emergency-access?pageSize=1000')).status).toBe(400);
      expect((await as('auditor').get('/api/v1/auth/emergency-access?userId=42')).status).toBe(400);
    });
  });
});
