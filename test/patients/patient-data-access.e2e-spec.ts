import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryBus } from '@nestjs/cqrs';
import { buildAbility, type Principal } from '@hms/authz';
import { CONTEXTS } from '../../src/contexts.js';
import { runMigrations } from '../../src/infrastructure/database/migrate.js';
import { ResolvePatientAccess } from '../../src/modules/patients/index.js';
import { CREATE_CHART_NOTES } from '../fixtures/charts/chart-note.js';
import { chartsContext } from '../fixtures/charts/charts.context.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { bearer, tokenFor, untilGrantEnded, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-env.js';
import { appendAll } from '../audit/support/audit-store.js';
import { apiAs, type Api, givenDepartment, givenHospital, linkCare, patientBody } from './support/patients-api.js';

const GRANT_SECONDS = 3;

interface AccessRow {
  actor: { id: string };
  aggregate_id: string;
  payload: Record<string, unknown>;
}

/**
 * Another context's data of a patient (the charts fixture: a note per
 * patient in its own table, with hospital, department and responsible
 * users), read only through the patients context's access contract.
 * Scopes are charts:read's, from the fixture's default grants: nurse own,
 * doctor department, pharmacist hospital, billing clerk all.
 */
describe('the patient-access contract, used by another context', () => {
  const contexts = [...CONTEXTS, chartsContext];
  let db: TestDatabase;
  let t: TestApp;
  let asAdmin: Api;
  /** Registers and merges patients: admin opens no patient record (ADR 25). */
  let asOfficer: Api;
  let hospitalA: string;
  let cardiology: string;
  let oncology: string;
  let nurse: UserWithTokens;
  let doctor: UserWithTokens;
  let pharmacist: UserWithTokens;
  let clerk: UserWithTokens;
  let outsider: UserWithTokens;
  /** Patients whose notes sit in cardiology (nurse responsible), in oncology, and in another hospital. */
  let inCardiology: string;
  let inOncology: string;
  let elsewhere: string;

  const as = (who: UserWithTokens, purpose?: string) => apiAs(t, who, purpose);
  const register = async (hospitalId: string) => {
    const res = await asOfficer.post('/patients').send({ ...patientBody(), registeringHospitalId: hospitalId });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const note = (patientId: string, hospitalId: string, departmentId: string | null, responsible: string[] = []) =>
    db.query(
      `INSERT INTO chart_notes (id, patient_id, hospital_id, department_id, responsible_user_ids, text) VALUES ($1, $2, $3, $4, $5, $6)`,
      [randomUUID(), patientId, hospitalId, departmentId, responsible, `note of ${patientId}`],
    );
  const status = async (who: UserWithTokens, patientId: string) => (await as(who).get(`/charts/${patientId}`)).status;
  const listed = async (who: UserWithTokens) =>
    ((await as(who).get('/charts')).body as { patientId: string }[])
      .map((n) => n.patientId)
      .filter((id) => [inCardiology, inOncology, elsewhere].includes(id));
  const accessEvents = (userId: string, patientId: string) =>
    queryAudited<AccessRow>(
      t,
      `SELECT actor, aggregate_id, payload FROM ${AUDITED_EVENTS} WHERE type = 'patients.PatientDataAccessed.v1'
          AND actor->>'id' = $1 AND aggregate_id = $2 ORDER BY sequence`,
      [userId, patientId],
    );
  const denials = (userId: string, patientId: string) =>
    queryAudited<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM ${AUDITED_EVENTS} WHERE type = 'authz.AccessDenied.v1' AND aggregate_id = $1 AND payload->>'resourceId' = $2`,
      [userId, patientId],
    );

  beforeAll(async () => {
    db = await TestDatabase.create();
    // The migrating start-up grants charts:read to the built-in roles, as for any new context.
    await runMigrations(testConfig({ DATABASE_URL: db.url }), contexts);
    await db.query(CREATE_CHART_NOTES);
    t = await startTestApp({
      db,
      contexts,
      env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000', EMERGENCY_ACCESS_SECONDS: String(GRANT_SECONDS) },
    });
    asAdmin = apiAs(t, await tokenFor(t, 'admin'));
    asOfficer = apiAs(t, await tokenFor(t, 'records_officer'));
    hospitalA = await givenHospital(asAdmin);
    const hospitalB = await givenHospital(asAdmin);
    cardiology = await givenDepartment(asAdmin, hospitalA, 'CARD');
    oncology = await givenDepartment(asAdmin, hospitalA, 'ONC');
    const er = await givenDepartment(asAdmin, hospitalB, 'ER');
    const icu = await givenDepartment(asAdmin, hospitalB, 'ICU');
    nurse = await tokenFor(t, 'nurse', { hospitalId: hospitalA, departmentId: oncology });
    doctor = await tokenFor(t, 'doctor', { hospitalId: hospitalA, departmentId: cardiology });
    pharmacist = await tokenFor(t, 'pharmacist', { hospitalId: hospitalA });
    clerk = await tokenFor(t, 'billing_clerk', { hospitalId: hospitalB });
    outsider = await tokenFor(t, 'doctor', { hospitalId: hospitalB, departmentId: icu });

    inCardiology = await register(hospitalA);
    inOncology = await register(hospitalA);
    elsewhere = await register(hospitalB);
    // The nurse works in oncology but is responsible for the cardiology patient: own scope follows the note's users.
    await note(inCardiology, hospitalA, cardiology, [nurse.userId]);
    await note(inOncology, hospitalA, oncology);
    await note(elsewhere, hospitalB, er);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('serves a record exactly within each scope: own, department, hospital, all', async () => {
    const seen = async (who: UserWithTokens) => ({
      inCardiology: await status(who, inCardiology),
      inOncology: await status(who, inOncology),
      elsewhere: await status(who, elsewhere),
    });
    expect(await seen(nurse)).toEqual({ inCardiology: 200, inOncology: 404, elsewhere: 404 });
    expect(await seen(doctor)).toEqual({ inCardiology: 200, inOncology: 404, elsewhere: 404 });
    expect(await seen(pharmacist)).toEqual({ inCardiology: 200, inOncology: 200, elsewhere: 404 });
    expect(await seen(clerk)).toEqual({ inCardiology: 200, inOncology: 200, elsewhere: 200 });
  });

  it('audits each record served with the resource type and purpose, and each refusal as out of scope', async () => {
    expect((await as(nurse, 'COC').get(`/charts/${inCardiology}`)).body).toMatchObject({
      patientId: inCardiology,
      departmentId: cardiology,
    });
    expect((await accessEvents(nurse.userId, inCardiology)).map((e) => e.payload).at(-1)).toEqual({
      patientId: inCardiology,
      resourceType: 'charts.notes',
      access: 'read',
      purposeOfUse: 'COC',
    });
    const refused = await as(nurse).get(`/charts/${inOncology}`);
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('COMMON.NOT_FOUND');
    expect(await accessEvents(nurse.userId, inOncology)).toEqual([]);
    expect((await denials(nurse.userId, inOncology)).map((d) => d.payload)).toContainEqual(
      expect.objectContaining({ reason: 'out-of-scope', permission: 'charts:read', resourceType: 'charts.notes' }),
    );
  });

  it('answers 404 without audit for a patient nobody has, or one without such a record', async () => {
    const unknown = randomUUID();
    expect(await status(clerk, unknown)).toBe(404);
    const bare = await register(hospitalA);
    expect(await status(clerk, bare)).toBe(404);
    expect(await denials(clerk.userId, unknown)).toEqual([]);
    expect(await accessEvents(clerk.userId, bare)).toEqual([]);
  });

  it('filters lists in SQL by the same scopes: a list shows exactly what a get serves', async () => {
    for (const who of [nurse, doctor, pharmacist, clerk, outsider]) {
      const ids = await listed(who);
      const served = [];
      for (const id of [inCardiology, inOncology, elsewhere]) if ((await status(who, id)) === 200) served.push(id);
      expect(ids.sort()).toEqual(served.sort());
    }
    expect((await listed(nurse)).sort()).toEqual([inCardiology]);
    expect((await listed(outsider)).sort()).toEqual([]);
    const before = (await accessEvents(pharmacist.userId, inOncology)).length;
    await listed(pharmacist);
    const events = await accessEvents(pharmacist.userId, inOncology);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)?.payload).toMatchObject({ resourceType: 'charts.notes', access: 'list' });
  });

  it('opens the patient’s record in this context with a break-the-glass grant, each read audited with the grant', async () => {
    expect(await status(outsider, inOncology)).toBe(404);
    const grant = await t
      .http()
      .post('/api/v1/auth/emergency-access')
      .set('Authorization', bearer(outsider.accessToken))
      .send({ patientId: inOncology, reason: 'Unconscious on arrival, chart needed' });
    expect(grant.status).toBe(201);
    const grantId = grant.body.grantId as string;
    expect((await as(outsider, 'ETREAT').get(`/charts/${inOncology}`)).status).toBe(200);
    expect(await listed(outsider)).toEqual([inOncology]);
    expect(await status(outsider, inCardiology)).toBe(404);
    expect((await accessEvents(outsider.userId, inOncology)).map((e) => e.payload)).toEqual([
      {
        patientId: inOncology,
        resourceType: 'charts.notes',
        access: 'read',
        purposeOfUse: 'ETREAT',
        emergencyGrantId: grantId,
        breakGlass: true,
      },
      {
        patientId: inOncology,
        resourceType: 'charts.notes',
        access: 'list',
        purposeOfUse: 'TREAT',
        emergencyGrantId: grantId,
        breakGlass: true,
      },
    ]);
    // A reader whose own scope serves the record is not marked, grant or not.
    await as(pharmacist).get(`/charts/${inOncology}`);
    for (const event of await accessEvents(pharmacist.userId, inOncology)) expect(event.payload.emergencyGrantId).toBeUndefined();

    // The audit store files them under the patient, marked break-the-glass in the patient's access report.
    await appendAll(t);
    const auditor = await tokenFor(t, 'auditor');
    const report = await as(auditor).get(`/audit/patients/${inOncology}/access-report`);
    expect(report.status).toBe(200);
    const charts = (report.body.items as { type: string; who: { id: string }; breakGlass: boolean }[]).filter(
      (item) => item.type === 'patients.PatientDataAccessed.v1' && item.who.id === outsider.userId,
    );
    expect(charts.map((item) => item.breakGlass)).toEqual([true, true]);

    await untilGrantEnded(t, outsider, grantId);
    expect(await status(outsider, inOncology)).toBe(404);
    expect(await listed(outsider)).toEqual([]);
  });

  it('reads a merged patient through its old id as the record it was merged into', async () => {
    const duplicate = await register(hospitalA);
    const survivor = await register(hospitalA);
    await note(survivor, hospitalA, cardiology);
    const merged = await asOfficer.post(`/patients/${duplicate}/merge`).send({ intoPatientId: survivor });
    expect(merged.status).toBe(200);
    const res = await as(doctor).get(`/charts/${duplicate}`);
    expect(res.status).toBe(200);
    expect(res.body.patientId).toBe(survivor);
    expect((await accessEvents(doctor.userId, survivor)).map((e) => e.payload)).toEqual([
      { patientId: survivor, resourceType: 'charts.notes', access: 'read', purposeOfUse: 'TREAT', requestedPatientId: duplicate },
    ]);
    // Out of scope through the old id is refused and audited like through the current one.
    expect(await status(nurse, duplicate)).toBe(404);
    expect(await denials(nurse.userId, duplicate)).toHaveLength(1);
  });

  it('answers ResolvePatientAccess as GET /patients/:id decides, with the current id and the reason', async () => {
    const resolve = (permissions: string[], patientId: string, over: Partial<Principal> = {}, withMerged = false) => {
      const principal: Principal = {
        userId: randomUUID(),
        sessionId: randomUUID(),
        roles: [],
        permissions,
        hospitalId: hospitalA,
        departmentId: cardiology,
        emergencyGrants: [],
        ...over,
      };
      return t.app
        .get(QueryBus)
        .execute(new ResolvePatientAccess({ principal, ability: buildAbility(principal) }, patientId, { withMerged }));
    };
    const duplicate = await register(hospitalA);
    const survivor = await register(hospitalA);
    expect((await asOfficer.post(`/patients/${duplicate}/merge`).send({ intoPatientId: survivor })).status).toBe(200);

    expect(await resolve(['patients:read:hospital'], duplicate)).toEqual({
      found: true,
      currentPatientId: survivor,
      allowed: true,
      reason: 'scope',
      emergencyGrantId: null,
      patientIds: [survivor, duplicate],
      patientWideOpen: false,
      active: true,
    });
    expect((await resolve(['patients:read:hospital'], survivor)).patientIds).toEqual([survivor]);
    // A list asks for every record merged into the current one, through a chain of merges too.
    const third = await register(hospitalA);
    expect((await asOfficer.post(`/patients/${survivor}/merge`).send({ intoPatientId: third })).status).toBe(200);
    expect((await resolve(['patients:read:hospital'], third, {}, true)).patientIds).toEqual(
      expect.arrayContaining([third, survivor, duplicate]),
    );
    expect((await resolve(['patients:read:hospital'], third, {}, true)).patientIds).toHaveLength(3);
    expect((await resolve(['patients:read:hospital'], duplicate)).currentPatientId).toBe(third);
    const other = await register(hospitalA);
    expect((await resolve(['patients:read:hospital'], other, {}, true)).patientIds).toEqual([other]);
    expect(await resolve(['patients:read:department'], third)).toMatchObject({ found: true, allowed: false, reason: null });
    const grant = { grantId: randomUUID(), patientId: third, expiresAt: new Date(Date.now() + 60_000) };
    expect(await resolve(['patients:read:department'], duplicate, { emergencyGrants: [grant] })).toMatchObject({
      allowed: true,
      reason: 'emergency-grant',
      emergencyGrantId: grant.grantId,
    });
    const linked = randomUUID();
    await linkCare(t, third, 'user', linked);
    expect(await resolve(['patients:read:own'], third, { userId: linked })).toMatchObject({
      allowed: true,
      reason: 'care-link',
    });
    expect(await resolve(['patients:read'], randomUUID())).toMatchObject({
      found: false,
      currentPatientId: null,
      allowed: false,
    });
  });
});
