import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, tokenFor, untilGrantEnded, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appendAll } from '../audit/support/audit-store.js';
import { apiAs, givenHospital } from '../patients/support/patients-api.js';
import { givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';

const GRANT_SECONDS = 3;
const CLINICAL_MEMBERS = ['attendingPractitionerId', 'careTeamIds', 'reasonText', 'statusReason'];

interface OutboxEvent {
  type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
}

/**
 * Who reads which encounter: encounters:read's scopes (own, department,
 * hospital, all) over the encounter's own columns, the clinical content only
 * under emr:read, break-the-glass, and every read and refusal audited.
 */
describe('encounter access', () => {
  let t: TestApp;
  let ward: Ward;
  /** Reads encounters and their clinical content only where they attend or are in the care team. */
  let ownNurse: UserWithTokens;
  let receptionist: UserWithTokens;
  let clerk: UserWithTokens;
  let farReceptionist: UserWithTokens;
  let patientId: string;
  /** Cardiology, attended by the doctor, the own-scope nurse in its care team. */
  let encounterId: string;

  const read = (who: UserWithTokens, id = encounterId, purpose?: string) => apiAs(t, who, purpose).get(`/encounters/${id}`);
  const events = (type: string, userId: string) =>
    queryAudited<OutboxEvent>(
      t,
      `SELECT type, aggregate_id, payload FROM ${AUDITED_EVENTS} WHERE type = $1 AND actor->>'id' = $2 ORDER BY sequence`,
      [type, userId],
    );

  beforeAll(async () => {
    t = await startTestApp({
      env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000', EMERGENCY_ACCESS_SECONDS: String(GRANT_SECONDS) },
    });
    ward = await givenWard(t);
    const role = await ward.asAdmin
      .post('/roles')
      .send({ name: 'ward_nurse', description: 'Own patients only', permissions: ['encounters:read:own', 'emr:read:own'] });
    expect(role.status).toBe(201);
    ownNurse = await tokenFor(t, 'ward_nurse', { hospitalId: ward.hospitalId, departmentId: ward.oncology, profession: 'nurse' });
    receptionist = await tokenFor(t, 'receptionist', { hospitalId: ward.hospitalId });
    clerk = await tokenFor(t, 'billing_clerk', { hospitalId: ward.hospitalId });
    farReceptionist = await tokenFor(t, 'receptionist', { hospitalId: await givenHospital(ward.asAdmin) });
    patientId = await givenPatient(t, ward);
    encounterId = (
      await givenEncounter(apiAs(t, ward.doctor), patientId, {
        attendingPractitionerId: ward.doctor.userId,
        careTeamIds: [ownNurse.userId],
        reasonText: 'Palpitations at rest',
      })
    ).id;
  });
  afterAll(() => t?.close());

  it('serves an encounter exactly within each scope: own, department, hospital, all', async () => {
    const otherEncounter = (await givenEncounter(apiAs(t, ward.doctor), patientId)).id;
    const statuses = async (who: UserWithTokens) => [(await read(who)).status, (await read(who, otherEncounter)).status];
    expect(await statuses(ownNurse)).toEqual([200, 404]); // own: in the care team of the first only
    expect(await statuses(ward.nurse)).toEqual([200, 200]); // department: cardiology
    expect(await statuses(ward.oncologist)).toEqual([404, 404]); // another department
    expect(await statuses(receptionist)).toEqual([200, 200]); // hospital
    expect(await statuses(farReceptionist)).toEqual([404, 404]); // another hospital
    expect(await statuses(ward.officer)).toEqual([200, 200]); // all
  });

  it('shows front desk and billing the administrative part only, and clinicians the clinical content', async () => {
    for (const who of [receptionist, clerk, ward.officer]) {
      const res = await read(who);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: encounterId, status: 'planned', class: 'AMB', view: 'administrative' });
      expect(res.body.accountNumber).toMatch(/^V\d{10}$/);
      for (const member of CLINICAL_MEMBERS) expect(res.body).not.toHaveProperty(member);
      expect(JSON.stringify(res.body)).not.toContain('Palpitations');
    }
    for (const who of [ward.doctor, ward.nurse, ownNurse]) {
      const res = await read(who);
      expect(res.body).toMatchObject({
        view: 'clinical',
        reasonText: 'Palpitations at rest',
        attendingPractitionerId: ward.doctor.userId,
      });
    }
    const listed = await apiAs(t, clerk).get(`/patients/${patientId}/encounters`);
    expect(listed.status).toBe(200);
    for (const item of listed.body.items as Record<string, unknown>[]) {
      expect(item.view).toBe('administrative');
      expect(item).not.toHaveProperty('reasonText');
    }
  });

  it('audits every read as emr.encounters with its purpose, and every refusal, and lists only what a get would serve', async () => {
    const res = await read(receptionist, encounterId, 'HPAYMT');
    expect(res.status).toBe(200);
    expect((await events('patients.PatientDataAccessed.v1', receptionist.userId)).at(-1)).toMatchObject({
      aggregate_id: patientId,
      payload: { patientId, resourceType: 'emr.encounters', access: 'read', purposeOfUse: 'HPAYMT' },
    });
    expect((await read(ward.oncologist)).status).toBe(404);
    const [denied] = await events('authz.AccessDenied.v1', ward.oncologist.userId);
    expect(denied.payload).toMatchObject({
      reason: 'out-of-scope',
      permission: 'encounters:read',
      resourceType: 'emr.encounters',
    });
    // The 404 names the encounter asked for, never its patient.
    expect(JSON.stringify((await read(ward.oncologist)).body)).not.toContain(patientId);

    const before = (await events('patients.PatientDataAccessed.v1', ownNurse.userId)).length;
    const list = await apiAs(t, ownNurse).get(`/patients/${patientId}/encounters`);
    expect((list.body.items as { id: string }[]).map((e) => e.id)).toEqual([encounterId]);
    const listedEvents = (await events('patients.PatientDataAccessed.v1', ownNurse.userId)).slice(before);
    expect(listedEvents.map((e) => e.payload.access)).toEqual(['list']);

    // A patient the reader may not read, none of whose encounters is in scope: 404, audited under the patient.
    const hidden = await apiAs(t, farReceptionist).get(`/patients/${patientId}/encounters`);
    expect(hidden.status).toBe(404);
    const refusals = (await events('authz.AccessDenied.v1', farReceptionist.userId)).filter(
      (e) => e.payload.resourceType === 'Patient',
    );
    expect(refusals.map((e) => e.payload)).toEqual([
      expect.objectContaining({ reason: 'out-of-scope', resourceId: patientId, permission: 'encounters:read' }),
    ]);

    // Without encounters:read at all: the record's 404 (ADR 25), not a 403; writes without emr:write are 403.
    const admin = await tokenFor(t, 'admin');
    expect((await read(admin)).status).toBe(404);
    expect((await apiAs(t, admin).get(`/patients/${patientId}/encounters`)).status).toBe(404);
    expect((await apiAs(t, receptionist).post(`/patients/${patientId}/encounters`).send({ class: 'AMB' })).status).toBe(403);
    expect((await apiAs(t, receptionist).post(`/encounters/${encounterId}/start`).send({})).status).toBe(403);

    // The reads appear in the patient's access report.
    await appendAll(t);
    const auditor = apiAs(t, await tokenFor(t, 'auditor'));
    const report = await auditor.get(`/audit/patients/${patientId}/access-report?limit=500`);
    expect(report.status).toBe(200);
    const reads = (report.body.items as { type: string; who: { id: string }; what: { resourceType: string } }[]).filter(
      (item) => item.type === 'patients.PatientDataAccessed.v1' && item.who.id === receptionist.userId,
    );
    const recorded = (await events('patients.PatientDataAccessed.v1', receptionist.userId)).filter(
      (e) => e.aggregate_id === patientId,
    );
    expect(recorded.length).toBeGreaterThanOrEqual(3);
    expect(reads).toHaveLength(recorded.length);
  });

  it('refuses changes outside the writer’s emr:write scope as not found, audited', async () => {
    const refused = await apiAs(t, ward.oncologist)
      .patch(`/encounters/${encounterId}`)
      .set('If-Match', '"1"')
      .send({ class: 'IMP' });
    expect(refused.status).toBe(404);
    expect((await apiAs(t, ward.oncologist).post(`/encounters/${encounterId}/cancel`).send({})).status).toBe(404);
    const denials = (await events('authz.AccessDenied.v1', ward.oncologist.userId)).filter(
      (e) => e.payload.resourceId === encounterId,
    );
    expect(denials.map((e) => e.payload)).toEqual([
      expect.objectContaining({ reason: 'out-of-scope', permission: 'emr:write', resourceType: 'Encounter' }),
      expect.objectContaining({ reason: 'out-of-scope', permission: 'emr:write', resourceType: 'Encounter' }),
    ]);
    expect((await read(ward.doctor)).body).toMatchObject({ class: 'AMB', status: 'planned', version: 1 });
    // A patient outside the writer's patients:read scope takes no encounter from them.
    const unseen = await apiAs(t, ward.oncologist).post(`/patients/${patientId}/encounters`).send({ class: 'AMB' });
    expect(unseen.status).toBe(404);
  });

  it('opens an encounter out of scope with a break-the-glass grant, audited with the grant, until it ends', async () => {
    expect((await read(ward.oncologist)).status).toBe(404);
    const grant = await t
      .http()
      .post('/api/v1/auth/emergency-access')
      .set('Authorization', bearer(ward.oncologist.accessToken))
      .send({ patientId, reason: 'Collapsed in the corridor' });
    expect(grant.status).toBe(201);
    const grantId = grant.body.grantId as string;
    const res = await read(ward.oncologist, encounterId, 'ETREAT');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ view: 'clinical', reasonText: 'Palpitations at rest' });
    expect((await events('patients.PatientDataAccessed.v1', ward.oncologist.userId)).at(-1)?.payload).toEqual({
      patientId,
      resourceType: 'emr.encounters',
      access: 'read',
      purposeOfUse: 'ETREAT',
      emergencyGrantId: grantId,
      breakGlass: true,
    });
    const list = await apiAs(t, ward.oncologist).get(`/patients/${patientId}/encounters`);
    expect((list.body.items as { id: string }[]).map((e) => e.id)).toContain(encounterId);
    // A grant opens records for reading only.
    const write = await apiAs(t, ward.oncologist).post(`/encounters/${encounterId}/start`).send({});
    expect(write.status).toBe(404);

    await untilGrantEnded(t, ward.oncologist, grantId);
    expect((await read(ward.oncologist)).status).toBe(404);
  });
});
