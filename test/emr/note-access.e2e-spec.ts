import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, tokenFor, untilGrantEnded, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appendAll } from '../audit/support/audit-store.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { apiAs } from '../patients/support/patients-api.js';
import { givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { givenNote, givenSignedNote, noteWriteCounts } from './support/note-api.js';

const GRANT_SECONDS = 3;
const TEXT = 'Orrery sign positive, query pericarditis';

interface AuditedEvent {
  type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
}

/**
 * Who reads and writes which note: emr:read's scopes (own, department,
 * hospital, all) over the note's columns, copied from its encounter; front
 * desk, billing and records officers see no notes; break-the-glass opens
 * them for reading; every read and refusal audited.
 */
describe('note access', () => {
  let t: TestApp;
  let ward: Ward;
  /** Reads encounters and clinical content only where they attend or are in the care team. */
  let ownNurse: UserWithTokens;
  let receptionist: UserWithTokens;
  let clerk: UserWithTokens;
  let patientId: string;
  /** Cardiology, attended by the doctor, the own-scope nurse in its care team. */
  let encounterId: string;
  let otherEncounterId: string;
  let noteId: string;
  let otherNoteId: string;

  const read = (who: UserWithTokens, id = noteId, purpose?: string) => apiAs(t, who, purpose).get(`/notes/${id}`);
  const events = (type: string, userId: string) =>
    queryAudited<AuditedEvent>(
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
    patientId = await givenPatient(t, ward);
    const asDoctor = apiAs(t, ward.doctor);
    encounterId = (
      await givenEncounter(asDoctor, patientId, {
        status: 'in-progress',
        attendingPractitionerId: ward.doctor.userId,
        careTeamIds: [ownNurse.userId],
      })
    ).id;
    otherEncounterId = (await givenEncounter(asDoctor, patientId, { status: 'in-progress' })).id;
    noteId = (await givenSignedNote(asDoctor, encounterId, { text: TEXT })).id;
    otherNoteId = (await givenNote(asDoctor, otherEncounterId)).id;
  });
  afterAll(() => t?.close());

  it('serves a note exactly within emr:read’s scopes; front desk, billing, records officers and admins get 404', async () => {
    const statuses = async (who: UserWithTokens) => [(await read(who)).status, (await read(who, otherNoteId)).status];
    expect(await statuses(ward.doctor)).toEqual([200, 200]);
    expect(await statuses(ward.nurse)).toEqual([200, 200]); // department: cardiology
    expect(await statuses(ownNurse)).toEqual([200, 404]); // own: in the care team of the first encounter only
    expect(await statuses(ward.oncologist)).toEqual([404, 404]); // another department
    const admin = await tokenFor(t, 'admin');
    for (const who of [receptionist, clerk, ward.officer, admin]) {
      expect(await statuses(who)).toEqual([404, 404]);
      const listed = await apiAs(t, who).get(`/encounters/${encounterId}/notes`);
      expect(listed.status).toBe(404);
      expect(JSON.stringify(listed.body)).not.toContain('Orrery');
    }
    // Receptionists still see the encounter itself, administratively.
    expect((await apiAs(t, receptionist).get(`/encounters/${encounterId}`)).body.view).toBe('administrative');
    const [refused] = await events('authz.AccessDenied.v1', clerk.userId);
    expect(refused.payload).toMatchObject({ reason: 'missing-permission', permission: 'emr:read', resourceType: 'Note' });
  });

  it('audits every note served as emr.notes with its purpose, and every refusal, and lists only what a get would serve', async () => {
    const res = await read(ward.nurse, noteId, 'COC');
    expect(res.status).toBe(200);
    expect(res.body.text).toBe(TEXT);
    expect((await events('patients.PatientDataAccessed.v1', ward.nurse.userId)).at(-1)).toMatchObject({
      aggregate_id: patientId,
      payload: { patientId, resourceType: 'emr.notes', access: 'read', purposeOfUse: 'COC' },
    });

    expect((await read(ward.oncologist)).status).toBe(404);
    const [denied] = await events('authz.AccessDenied.v1', ward.oncologist.userId);
    expect(denied.payload).toMatchObject({ reason: 'out-of-scope', permission: 'emr:read', resourceType: 'emr.notes' });
    const notFound = await read(ward.oncologist);
    expect(JSON.stringify(notFound.body)).not.toContain(patientId);
    expect(JSON.stringify(notFound.body)).not.toContain('Orrery');

    // The oncologist's list of the encounter's notes: the encounter's 404, audited under it.
    const hidden = await apiAs(t, ward.oncologist).get(`/encounters/${encounterId}/notes`);
    expect(hidden.status).toBe(404);
    expect((await events('authz.AccessDenied.v1', ward.oncologist.userId)).map((e) => e.payload)).toContainEqual(
      expect.objectContaining({
        reason: 'out-of-scope',
        permission: 'emr:read',
        resourceType: 'Encounter',
        resourceId: encounterId,
      }),
    );

    const before = (await events('patients.PatientDataAccessed.v1', ownNurse.userId)).length;
    const second = await givenNote(apiAs(t, ward.doctor), encounterId);
    const list = await apiAs(t, ownNurse).get(`/encounters/${encounterId}/notes`);
    expect(list.status).toBe(200);
    expect((list.body.items as { id: string }[]).map((n) => n.id)).toEqual([second.id, noteId]);
    const listed = (await events('patients.PatientDataAccessed.v1', ownNurse.userId)).slice(before);
    expect(listed.map((e) => [e.payload.resourceType, e.payload.access])).toEqual([
      ['emr.notes', 'list'],
      ['emr.notes', 'list'],
    ]);
    expect((await apiAs(t, ownNurse).get(`/encounters/${otherEncounterId}/notes`)).status).toBe(404);

    // The reads appear in the patient's access report.
    await appendAll(t);
    const auditor = apiAs(t, await tokenFor(t, 'auditor'));
    const report = await auditor.get(`/audit/patients/${patientId}/access-report?limit=500`);
    expect(report.status).toBe(200);
    const reads = (report.body.items as { type: string; who: { id: string }; what: Record<string, unknown> }[]).filter(
      (item) => item.type === 'patients.PatientDataAccessed.v1' && item.who.id === ownNurse.userId,
    );
    expect(reads.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses writes outside the writer’s emr:write and emr:sign scopes as not found, audited, writing nothing', async () => {
    const asOncologist = apiAs(t, ward.oncologist);
    const draft = await givenNote(apiAs(t, ward.doctor), encounterId);
    const before = await noteWriteCounts(t);
    const refused = [
      await asOncologist.post(`/encounters/${encounterId}/notes`).send({ type: 'progress', text: TEXT }),
      await asOncologist.patch(`/notes/${draft.id}`).set('If-Match', '"1"').send({ text: 'x' }),
      await asOncologist.post(`/notes/${draft.id}/sign`).send({}),
      await asOncologist.post(`/notes/${noteId}/amendments`).send({ text: 'x', reason: 'y' }),
    ];
    expect(refused.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect(await noteWriteCounts(t)).toEqual(before);
    const denials = (await events('authz.AccessDenied.v1', ward.oncologist.userId))
      .map((e) => e.payload)
      .filter((p) => [encounterId, draft.id, noteId].includes(p.resourceId as string) && p.permission !== 'emr:read');
    expect(denials).toEqual([
      expect.objectContaining({ reason: 'out-of-scope', permission: 'emr:write', resourceType: 'Encounter' }),
      expect.objectContaining({ reason: 'out-of-scope', permission: 'emr:write', resourceType: 'Note', resourceId: draft.id }),
      expect.objectContaining({ reason: 'out-of-scope', permission: 'emr:write', resourceType: 'Note', resourceId: draft.id }),
      expect.objectContaining({ reason: 'out-of-scope', permission: 'emr:write', resourceType: 'Note', resourceId: noteId }),
    ]);

    // emr:write over the note is not enough to sign or amend: emr:sign's scope must cover it too.
    const role = await ward.asAdmin.post('/roles').send({
      name: 'visiting_doctor',
      description: 'Writes in the hospital, signs in the department',
      permissions: ['emr:read:hospital', 'emr:write:hospital', 'emr:sign:department'],
    });
    expect(role.status).toBe(201);
    const visitor = await tokenFor(t, 'visiting_doctor', {
      hospitalId: ward.hospitalId,
      departmentId: ward.oncology,
      profession: 'doctor',
    });
    const own = await givenNote(apiAs(t, visitor), encounterId);
    const signed = await apiAs(t, visitor).post(`/notes/${own.id}/sign`).send({});
    expect(signed.status).toBe(404);
    expect((await events('authz.AccessDenied.v1', visitor.userId)).map((e) => e.payload)).toEqual([
      expect.objectContaining({ reason: 'out-of-scope', permission: 'emr:sign', resourceType: 'Note', resourceId: own.id }),
    ]);
    expect((await read(ward.doctor, own.id)).body).toMatchObject({ status: 'preliminary', version: 1 });
  });

  it('opens a note out of scope with a break-the-glass grant, audited with the grant, for reading only, until it ends', async () => {
    expect((await read(ward.oncologist)).status).toBe(404);
    const grant = await t
      .http()
      .post('/api/v1/auth/emergency-access')
      .set('Authorization', bearer(ward.oncologist.accessToken))
      .send({ patientId, reason: 'Arrest on the ward' });
    expect(grant.status).toBe(201);
    const grantId = grant.body.grantId as string;
    const res = await read(ward.oncologist, noteId, 'ETREAT');
    expect(res.status).toBe(200);
    expect(res.body.text).toBe(TEXT);
    expect((await events('patients.PatientDataAccessed.v1', ward.oncologist.userId)).at(-1)?.payload).toEqual({
      patientId,
      resourceType: 'emr.notes',
      access: 'read',
      purposeOfUse: 'ETREAT',
      emergencyGrantId: grantId,
      breakGlass: true,
    });
    const list = await apiAs(t, ward.oncologist).get(`/encounters/${encounterId}/notes`);
    expect(list.status).toBe(200);
    expect((list.body.items as { id: string }[]).map((n) => n.id)).toContain(noteId);
    const write = await apiAs(t, ward.oncologist).post(`/notes/${noteId}/amendments`).send({ text: 'x', reason: 'y' });
    expect(write.status).toBe(404);

    await untilGrantEnded(t, ward.oncologist, grantId);
    expect((await read(ward.oncologist)).status).toBe(404);
  });
});
