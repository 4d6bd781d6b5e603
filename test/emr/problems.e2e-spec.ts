import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { waitFor } from '@hms/testing';
import { tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appendAll } from '../audit/support/audit-store.js';
import { apiAs, type Api, fieldsOf, outboxRows } from '../patients/support/patients-api.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { conditionWriteCounts, givenDiagnosis } from './support/conditions-api.js';

const NOTE = 'Well controlled on metformin since the spring';
const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

interface AuditedEvent {
  type: string;
  payload: Record<string, unknown>;
}

/**
 * The patient's problem list over HTTP: patient-wide entries scoped to their
 * writer's department, recorded from any encounter of the patient, onset and
 * abatement rules, the clinicalStatus filter, changes under If-Match, access,
 * the audit trail, and a merge moving conditions to the surviving record.
 */
describe('problem list', () => {
  let t: TestApp;
  let ward: Ward;
  let asDoctor: Api;
  let patientId: string;
  let receptionist: UserWithTokens;

  const problem = (body: Record<string, unknown> = {}) => ({
    code: 'E11.9',
    display: 'Adult-onset diabetes without complications',
    verificationStatus: 'confirmed',
    ...body,
  });
  const events = (type: string, userId: string) =>
    queryAudited<AuditedEvent>(
      t,
      `SELECT type, payload FROM ${AUDITED_EVENTS} WHERE type = $1 AND actor->>'id' = $2 ORDER BY sequence`,
      [type, userId],
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    asDoctor = apiAs(t, ward.doctor);
    patientId = await givenPatient(t, ward);
    receptionist = await tokenFor(t, 'receptionist', { hospitalId: ward.hospitalId });
  });
  afterAll(() => t?.close());

  it('records a problem from an encounter, filed under the writer’s department and the writer, the note encrypted', async () => {
    const encounter = await givenEncounter(asDoctor, patientId, { status: 'in-progress' });
    const res = await asDoctor
      .post(`/patients/${patientId}/problems`)
      .send(problem({ code: 'e119', onsetDate: '2019-03-01', note: NOTE, encounterId: encounter.id }));
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/problems/${res.body.id}`);
    expect(res.body).toMatchObject({
      category: 'problem-list-item',
      patientId,
      encounterId: encounter.id,
      hospitalId: ward.hospitalId,
      departmentId: ward.cardiology,
      code: 'E11.9',
      clinicalStatus: 'active',
      verificationStatus: 'confirmed',
      primary: false,
      onsetDate: '2019-03-01',
      abatementDate: null,
      recorderId: ward.doctor.userId,
      note: NOTE,
      lateEntry: false,
      version: 1,
    });
    const [row] = await t.db.query<{ responsible_user_ids: string[]; note: string }>(
      'SELECT responsible_user_ids, note FROM conditions WHERE id = $1',
      [res.body.id],
    );
    expect(row.responsible_user_ids).toEqual([ward.doctor.userId]);
    expect(row.note).toMatch(/^v1\./);
    const [event] = await outboxRows(t, res.body.id as string);
    expect(event).toMatchObject({
      type: 'emr.ProblemRecorded.v1',
      aggregate_type: 'Problem',
      payload: { conditionId: res.body.id, patientId, code: 'E11.9', onsetDate: '2019-03-01', noteRecorded: true },
    });
    expect(
      JSON.stringify(await queryAudited(t, 'SELECT payload FROM outbox UNION ALL SELECT change FROM audit_events')),
    ).not.toContain('metformin');
    expect(t.logs.text()).not.toContain('metformin');

    // A finished encounter still takes problems (the list is the patient's), unflagged; a void one does not.
    expect((await asDoctor.post(`/encounters/${encounter.id}/finish`).send({})).status).toBe(200);
    const later = await asDoctor
      .post(`/patients/${patientId}/problems`)
      .send(problem({ code: 'I10', encounterId: encounter.id }));
    expect(later.status).toBe(201);
    expect(later.body.lateEntry).toBe(false);
    const cancelled = await givenEncounter(asDoctor, patientId);
    expect((await asDoctor.post(`/encounters/${cancelled.id}/cancel`).send({})).status).toBe(200);
    const onVoid = await asDoctor.post(`/patients/${patientId}/problems`).send(problem({ encounterId: cancelled.id }));
    expect(onVoid.status).toBe(409);
    expect(onVoid.body.code).toBe('EMR.ENCOUNTER_VOID');
  });

  it('refuses dates in the future, an abatement that does not fit, codes of the wrong form, writing nothing', async () => {
    const before = await conditionWriteCounts(t);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ onsetDate: daysFromNow(3) }, ['onsetDate']],
      [{ onsetDate: '2026-02-30' }, ['onsetDate']],
      [{ onsetDate: '2020-01-01T00:00:00Z' }, ['onsetDate']],
      [{ clinicalStatus: 'resolved', abatementDate: daysFromNow(3) }, ['abatementDate']],
      [{ clinicalStatus: 'resolved', onsetDate: '2020-01-01', abatementDate: '2019-01-01' }, ['abatementDate']],
      [{ clinicalStatus: 'active', abatementDate: '2021-01-01' }, ['abatementDate']],
      [{ code: 'E1' }, ['code']],
      [{ display: undefined }, ['display']],
    ];
    for (const [body, fields] of cases) {
      const res = await asDoctor.post(`/patients/${patientId}/problems`).send(problem(body));
      expect([res.status, fieldsOf(res.body)]).toEqual([400, fields]);
    }
    expect(await conditionWriteCounts(t)).toEqual(before);
  });

  it('answers 404 for unknown or out-of-scope patients and encounters (audited), 403 to a nurse, 409 for a merged record', async () => {
    const other = await givenPatient(t, ward);
    const othersEncounter = await givenEncounter(asDoctor, other);
    const before = await conditionWriteCounts(t);
    expect((await asDoctor.post(`/patients/${randomUUID()}/problems`).send(problem())).status).toBe(404);
    const unknownEncounter = await asDoctor.post(`/patients/${patientId}/problems`).send(problem({ encounterId: randomUUID() }));
    expect(unknownEncounter.status).toBe(404);
    // Another patient's encounter is not this patient's: not found.
    expect(
      (await asDoctor.post(`/patients/${patientId}/problems`).send(problem({ encounterId: othersEncounter.id }))).status,
    ).toBe(404);
    const nurse = await apiAs(t, ward.nurse).post(`/patients/${patientId}/problems`).send(problem());
    expect(nurse.status).toBe(403);
    // The oncologist may not read the cardiology patient.
    const far = await apiAs(t, ward.oncologist).post(`/patients/${patientId}/problems`).send(problem());
    expect(far.status).toBe(404);
    expect(await conditionWriteCounts(t)).toEqual(before);
    expect((await events('authz.AccessDenied.v1', ward.oncologist.userId)).map((e) => e.payload)).toEqual([
      expect.objectContaining({
        reason: 'out-of-scope',
        permission: 'emr:write',
        resourceType: 'Patient',
        resourceId: patientId,
      }),
    ]);

    const duplicate = await givenPatient(t, ward);
    expect((await apiAs(t, ward.officer).post(`/patients/${duplicate}/merge`).send({ intoPatientId: other })).status).toBe(200);
    const merged = await asDoctor.post(`/patients/${duplicate}/problems`).send(problem());
    expect(merged.status).toBe(409);
    expect(merged.body).toMatchObject({ code: 'EMR.PATIENT_MERGED', survivingPatientId: other });
  });

  it('lists the problem list newest first in keyset pages, filtered by clinical status, each entry audited as emr.problems', async () => {
    const patient = await givenPatient(t, ward);
    const ids: string[] = [];
    for (const [code, clinicalStatus] of [
      ['I10', 'active'],
      ['J45.909', 'remission'],
      ['E11.9', 'active'],
    ]) {
      const res = await asDoctor.post(`/patients/${patient}/problems`).send(problem({ code, clinicalStatus }));
      expect(res.status).toBe(201);
      ids.push(res.body.id as string);
    }
    const asNurse = apiAs(t, ward.nurse);
    const before = (await events('patients.PatientDataAccessed.v1', ward.nurse.userId)).length;
    const page = await asNurse.get(`/patients/${patient}/problems?limit=2`);
    expect(page.status).toBe(200);
    expect((page.body.items as { id: string }[]).map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const rest = await asNurse.get(`/patients/${patient}/problems?limit=2&cursor=${page.body.nextCursor as string}`);
    expect(rest.body).toMatchObject({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    const active = await asNurse.get(`/patients/${patient}/problems?clinicalStatus=active`);
    expect((active.body.items as { id: string }[]).map((p) => p.id)).toEqual([ids[2], ids[0]]);
    expect((await asNurse.get(`/patients/${patient}/problems?clinicalStatus=gone`)).status).toBe(400);
    const served = (await events('patients.PatientDataAccessed.v1', ward.nurse.userId)).slice(before);
    expect(served).toHaveLength(5);
    for (const e of served) expect(e.payload).toMatchObject({ patientId: patient, resourceType: 'emr.problems', access: 'list' });

    // Front desk: no emr:read, the patient's 404; another department: the patient's 404, audited.
    expect((await apiAs(t, receptionist).get(`/patients/${patient}/problems`)).status).toBe(404);
    expect((await apiAs(t, ward.oncologist).get(`/patients/${patient}/problems`)).status).toBe(404);
    expect((await events('authz.AccessDenied.v1', ward.oncologist.userId)).at(-1)?.payload).toMatchObject({
      reason: 'out-of-scope',
      permission: 'emr:read',
      resourceType: 'Patient',
      resourceId: patient,
    });
    expect((await asDoctor.get(`/patients/${randomUUID()}/problems`)).status).toBe(404);
  });

  it('resolves a problem under If-Match (428, 412), keeps every version in the audit store, and refuses it once entered in error', async () => {
    const created = await asDoctor.post(`/patients/${patientId}/problems`).send(problem({ onsetDate: '2018-06-01' }));
    const id = created.body.id as string;
    expect((await asDoctor.patch(`/problems/${id}`).send({ clinicalStatus: 'resolved' })).status).toBe(428);
    expect((await asDoctor.patch(`/problems/${id}`).set('If-Match', '"2"').send({ clinicalStatus: 'resolved' })).status).toBe(
      412,
    );
    const misfit = await asDoctor.patch(`/problems/${id}`).set('If-Match', '"1"').send({ abatementDate: '2024-01-01' });
    expect([misfit.status, fieldsOf(misfit.body)]).toEqual([400, ['abatementDate']]);
    const primary = await asDoctor.patch(`/problems/${id}`).set('If-Match', '"1"').send({ primary: true });
    expect(primary.status).toBe(400);

    const resolved = await asDoctor
      .patch(`/problems/${id}`)
      .set('If-Match', '"1"')
      .send({ clinicalStatus: 'resolved', abatementDate: '2024-01-01', note: NOTE });
    expect(resolved.status).toBe(200);
    expect(resolved.headers.etag).toBe('"2"');
    expect(resolved.body).toMatchObject({ clinicalStatus: 'resolved', abatementDate: '2024-01-01', note: NOTE, version: 2 });
    const read = await apiAs(t, ward.nurse).get(`/problems/${id}`);
    expect([read.status, read.headers.etag, read.body.abatementDate]).toEqual([200, '"2"', '2024-01-01']);
    expect((await apiAs(t, receptionist).get(`/problems/${id}`)).status).toBe(404);
    expect((await apiAs(t, ward.oncologist).get(`/problems/${id}`)).status).toBe(404);
    expect((await asDoctor.get(`/diagnoses/${id}`)).status).toBe(404);
    const withdrawn = await asDoctor
      .patch(`/problems/${id}`)
      .set('If-Match', '"2"')
      .send({ verificationStatus: 'entered-in-error' });
    expect(withdrawn.status).toBe(200);
    const after = await asDoctor.patch(`/problems/${id}`).set('If-Match', '"3"').send({ clinicalStatus: 'active' });
    expect([after.status, after.body.code]).toEqual([409, 'EMR.CONDITION_ENTERED_IN_ERROR']);
    expect((await t.db.query('SELECT 1 FROM conditions WHERE id = $1', [id])).length).toBe(1);

    // Outside the writer's department: 404, audited.
    const far = await apiAs(t, ward.oncologist)
      .patch(`/problems/${id}`)
      .set('If-Match', '"3"')
      .send({ clinicalStatus: 'active' });
    expect(far.status).toBe(404);
    expect((await events('authz.AccessDenied.v1', ward.oncologist.userId)).at(-1)?.payload).toMatchObject({
      permission: 'emr:write',
      resourceType: 'Problem',
      resourceId: id,
    });

    await appendAll(t);
    const auditor = apiAs(t, await tokenFor(t, 'auditor'));
    const history = await auditor.get(`/audit/resources/Problem/${id}/history`);
    expect(history.status).toBe(200);
    const items = history.body.items as { type: string; change: Record<string, unknown> }[];
    expect(items.map((i) => [i.type, i.change.clinicalStatus, i.change.verificationStatus])).toEqual([
      ['emr.ProblemRecorded.v1', 'active', 'confirmed'],
      ['emr.ProblemUpdated.v1', 'resolved', 'confirmed'],
      ['emr.ProblemUpdated.v1', 'resolved', 'entered-in-error'],
    ]);
    expect(items[1].change).toMatchObject({
      abatementDate: '2024-01-01',
      changedFields: ['clinicalStatus', 'abatementDate', 'note'],
    });
    expect(JSON.stringify(history.body)).not.toContain('metformin');
  });

  it('moves a merged patient’s diagnoses and problems to the surviving record once, each a new version', async () => {
    const duplicate = await givenPatient(t, ward);
    const survivor = await givenPatient(t, ward);
    const encounter = await givenEncounter(asDoctor, duplicate, { status: 'in-progress' });
    const diagnosis = await givenDiagnosis(asDoctor, encounter.id);
    const listed = await asDoctor.post(`/patients/${duplicate}/problems`).send(problem());
    expect(listed.status).toBe(201);
    const problemId = listed.body.id as string;

    expect((await apiAs(t, ward.officer).post(`/patients/${duplicate}/merge`).send({ intoPatientId: survivor })).status).toBe(
      200,
    );
    // Recorded while the merge's handlers may still be on their way: filed under the surviving record all the same.
    const meanwhile = await givenDiagnosis(asDoctor, encounter.id, { code: 'I10' });
    const patientOf = async (id: string) =>
      (
        await t.db.query<{ patient_id: string; version: number }>('SELECT patient_id, version FROM conditions WHERE id = $1', [
          id,
        ])
      )[0];
    await waitFor(
      async () => (await patientOf(diagnosis.id)).patient_id === survivor && (await patientOf(problemId)).patient_id === survivor,
      'the merge to move the conditions',
    );
    expect(await patientOf(diagnosis.id)).toEqual({ patient_id: survivor, version: 2 });
    expect(await patientOf(problemId)).toEqual({ patient_id: survivor, version: 2 });
    await waitFor(async () => (await patientOf(meanwhile.id)).patient_id === survivor, 'the late diagnosis under the survivor');
    expect((await outboxRows(t, diagnosis.id, 'emr.DiagnosisMovedByMerge.v1'))[0]).toMatchObject({
      aggregate_version: 2,
      payload: { patientId: survivor, previousPatientId: duplicate },
      actor: { kind: 'system', id: 'event-handler:MoveConditionsOnMerge' },
    });
    expect(await outboxRows(t, problemId, 'emr.ProblemMovedByMerge.v1')).toHaveLength(1);
    for (const id of [duplicate, survivor]) {
      const list = await asDoctor.get(`/patients/${id}/problems`);
      expect((list.body.items as { id: string }[]).map((p) => p.id)).toEqual([problemId]);
    }
  });
});
