import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { bearer, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appendAll } from '../audit/support/audit-store.js';
import { apiAs, type Api, fieldsOf, outboxRows, PROBLEM } from '../patients/support/patients-api.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { conditionWriteCounts, givenDiagnosis } from './support/conditions-api.js';

const NOTE = 'Troponin rising on the second sample, ECG without ST elevation';
const LATE = 'Cardiology letter arrived after discharge';

interface AuditedEvent {
  type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
}

/**
 * Diagnoses on encounters over HTTP, with no catalogue loaded (codes checked
 * by form): recording, the one-primary rule under concurrency, late entries,
 * changes under If-Match, entered-in-error, who may write and read, the
 * audit trail, and nothing half-written.
 */
describe('diagnoses', () => {
  let t: TestApp;
  let ward: Ward;
  let asDoctor: Api;
  let patientId: string;
  let receptionist: UserWithTokens;
  let clerk: UserWithTokens;

  const events = (type: string, userId: string) =>
    queryAudited<AuditedEvent>(
      t,
      `SELECT type, aggregate_id, payload FROM ${AUDITED_EVENTS} WHERE type = $1 AND actor->>'id' = $2 ORDER BY sequence`,
      [type, userId],
    );
  const openEncounter = async () => (await givenEncounter(asDoctor, patientId, { status: 'in-progress' })).id;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    asDoctor = apiAs(t, ward.doctor);
    patientId = await givenPatient(t, ward);
    receptionist = await tokenFor(t, 'receptionist', { hospitalId: ward.hospitalId });
    clerk = await tokenFor(t, 'billing_clerk', { hospitalId: ward.hospitalId });
  });
  afterAll(() => t?.close());

  it('records a diagnosis with its normalised code, its encounter’s scope and an ETag, the note encrypted at rest', async () => {
    const encounterId = await openEncounter();
    const res = await asDoctor.post(`/encounters/${encounterId}/diagnoses`).send({
      code: 'i214',
      display: 'Heart muscle infarction without ST elevation',
      verificationStatus: 'provisional',
      primary: true,
      note: NOTE,
    });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/diagnoses/${res.body.id}`);
    expect(res.body).toMatchObject({
      category: 'encounter-diagnosis',
      patientId,
      encounterId,
      hospitalId: ward.hospitalId,
      departmentId: ward.cardiology,
      code: 'I21.4',
      display: 'Heart muscle infarction without ST elevation',
      clinicalStatus: 'active',
      verificationStatus: 'provisional',
      primary: true,
      onsetDate: null,
      recorderId: ward.doctor.userId,
      note: NOTE,
      lateEntry: false,
      lateEntryReason: null,
      version: 1,
    });

    const [stored] = await t.db.query<{ note: string; pii_key_id: string; listed_at: Date; recorded_at: Date }>(
      'SELECT note, pii_key_id, listed_at, recorded_at FROM conditions WHERE id = $1',
      [res.body.id],
    );
    expect(stored.note).toMatch(/^v1\./);
    expect(stored.note).not.toContain('Troponin');
    expect(stored.pii_key_id).toBeTruthy();
    expect(stored.listed_at).toEqual(stored.recorded_at);

    const [event] = await outboxRows(t, res.body.id as string);
    expect(event).toMatchObject({
      type: 'emr.DiagnosisRecorded.v1',
      aggregate_type: 'Diagnosis',
      aggregate_version: 1,
      payload: {
        conditionId: res.body.id,
        patientId,
        encounterId,
        code: 'I21.4',
        primary: true,
        verificationStatus: 'provisional',
        noteRecorded: true,
        lateEntry: false,
      },
    });
    expect(event.payload).not.toHaveProperty('display');
    const everywhere = JSON.stringify(
      await queryAudited(t, 'SELECT payload FROM outbox UNION ALL SELECT change FROM audit_events'),
    );
    expect(everywhere).not.toContain('Troponin');
    expect(t.logs.text()).not.toContain('Troponin');

    const list = await asDoctor.get(`/encounters/${encounterId}/diagnoses`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [res.body], nextCursor: null });

    const one = await asDoctor.get(`/diagnoses/${res.body.id as string}`);
    expect(one.status).toBe(200);
    expect(one.headers.etag).toBe('"1"');
    expect(one.body).toEqual(res.body);
    expect((await asDoctor.get(`/problems/${res.body.id as string}`)).status).toBe(404);
    expect((await asDoctor.get(`/diagnoses/${randomUUID()}`)).status).toBe(404);

    // The writer is linked to the patient (the link a merge waits for).
    const links = await t.db.query('SELECT source FROM patient_care_links WHERE patient_id = $1 AND kind = $2 AND ref_id = $3', [
      patientId,
      'user',
      ward.doctor.userId,
    ]);
    expect(links).toEqual([{ source: 'emr.diagnosis' }]);
  });

  it('refuses codes of the wrong form (400 naming code), a missing display without a catalogue, and writes nothing', async () => {
    const encounterId = await openEncounter();
    const before = await conditionWriteCounts(t);
    for (const code of ['21I', 'I2', 'I21.', 'I21.12345', 'II1', 'I21-4', '']) {
      const res = await asDoctor
        .post(`/encounters/${encounterId}/diagnoses`)
        .send({ code, display: 'Something', verificationStatus: 'confirmed' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fieldsOf(res.body)).toEqual(['code']);
    }
    const noDisplay = await asDoctor
      .post(`/encounters/${encounterId}/diagnoses`)
      .send({ code: 'I10', verificationStatus: 'confirmed' });
    expect(noDisplay.status).toBe(400);
    expect(fieldsOf(noDisplay.body)).toEqual(['display']);
    const badStatus = await asDoctor
      .post(`/encounters/${encounterId}/diagnoses`)
      .send({ code: 'I10', display: 'x', verificationStatus: 'unknown', clinicalStatus: 'gone' });
    expect(badStatus.status).toBe(400);
    expect(fieldsOf(badStatus.body).sort()).toEqual(['clinicalStatus', 'verificationStatus']);
    const refutedPrimary = await asDoctor
      .post(`/encounters/${encounterId}/diagnoses`)
      .send({ code: 'I10', display: 'x', verificationStatus: 'refuted', primary: true });
    expect(refutedPrimary.status).toBe(400);
    expect(fieldsOf(refutedPrimary.body)).toEqual(['primary']);
    expect(await conditionWriteCounts(t)).toEqual(before);
  });

  it('keeps one primary diagnosis per encounter (409), not counting refuted ones', async () => {
    const encounterId = await openEncounter();
    const first = await givenDiagnosis(asDoctor, encounterId, { primary: true });
    const secondary = await givenDiagnosis(asDoctor, encounterId, { code: 'I10', display: 'High blood pressure' });
    const before = await conditionWriteCounts(t);
    const second = await asDoctor
      .post(`/encounters/${encounterId}/diagnoses`)
      .send({ code: 'E11.9', display: 'Diabetes', verificationStatus: 'confirmed', primary: true });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'EMR.PRIMARY_DIAGNOSIS_TAKEN', encounterId });
    expect(await conditionWriteCounts(t)).toEqual(before);
    const promoted = await asDoctor.patch(`/diagnoses/${secondary.id}`).set('If-Match', '"1"').send({ primary: true });
    expect(promoted.status).toBe(409);
    expect(promoted.body.code).toBe('EMR.PRIMARY_DIAGNOSIS_TAKEN');

    // Refuting the primary one frees the place: it stops being primary.
    const refuted = await asDoctor.patch(`/diagnoses/${first.id}`).set('If-Match', '"1"').send({ verificationStatus: 'refuted' });
    expect(refuted.status).toBe(200);
    expect(refuted.body).toMatchObject({ verificationStatus: 'refuted', primary: false, version: 2 });
    const now = await asDoctor.patch(`/diagnoses/${secondary.id}`).set('If-Match', '"1"').send({ primary: true });
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({ primary: true, version: 2 });
    const [updated] = await outboxRows(t, secondary.id, 'emr.DiagnosisUpdated.v1');
    expect(updated.payload).toMatchObject({ primary: true, changedFields: ['primary'] });
  });

  it('lets exactly one of two concurrent primary diagnoses in: one 201, one 409', async () => {
    for (let round = 0; round < 3; round += 1) {
      const encounterId = await openEncounter();
      const answers = await Promise.all(
        ['I10', 'E11.9'].map((code) =>
          asDoctor
            .post(`/encounters/${encounterId}/diagnoses`)
            .send({ code, display: 'Race', verificationStatus: 'confirmed', primary: true }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      const rows = await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM conditions WHERE encounter_id = $1 AND is_primary',
        [encounterId],
      );
      expect(rows[0].n).toBe(1);
    }
  });

  it('takes a diagnosis on a finished encounter only as a flagged late entry with its reason, and none on a void one', async () => {
    const encounterId = await openEncounter();
    expect((await asDoctor.post(`/encounters/${encounterId}/finish`).send({})).status).toBe(200);
    const before = await conditionWriteCounts(t);
    const locked = await asDoctor
      .post(`/encounters/${encounterId}/diagnoses`)
      .send({ code: 'I10', display: 'x', verificationStatus: 'confirmed' });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('EMR.ENCOUNTER_LOCKED');
    expect(await conditionWriteCounts(t)).toEqual(before);

    const late = await givenDiagnosis(asDoctor, encounterId, { lateEntryReason: LATE });
    expect(late).toMatchObject({ lateEntry: true, lateEntryReason: LATE });
    const [stored] = await t.db.query<{ late_entry_reason: string }>('SELECT late_entry_reason FROM conditions WHERE id = $1', [
      late.id,
    ]);
    expect(stored.late_entry_reason).toMatch(/^v1\./);
    const [event] = await outboxRows(t, late.id);
    expect(event.payload).toMatchObject({ lateEntry: true, lateEntryReasonRecorded: true });
    expect(JSON.stringify(event)).not.toContain('Cardiology letter');

    const open = await openEncounter();
    const notLate = await asDoctor
      .post(`/encounters/${open}/diagnoses`)
      .send({ code: 'I10', display: 'x', verificationStatus: 'confirmed', lateEntryReason: LATE });
    expect(notLate.status).toBe(409);
    expect(notLate.body.code).toBe('EMR.NOT_A_LATE_ENTRY');
    expect((await asDoctor.post(`/encounters/${open}/cancel`).send({})).status).toBe(200);
    const onVoid = await asDoctor
      .post(`/encounters/${open}/diagnoses`)
      .send({ code: 'I10', display: 'x', verificationStatus: 'confirmed', lateEntryReason: LATE });
    expect(onVoid.status).toBe(409);
    expect(onVoid.body.code).toBe('EMR.ENCOUNTER_VOID');
  });

  it('changes a diagnosis under If-Match only (428, 412), marks it entered-in-error without deleting it, then refuses changes', async () => {
    const encounterId = await openEncounter();
    const diagnosis = await givenDiagnosis(asDoctor, encounterId, { note: NOTE });
    const noMatch = await asDoctor.patch(`/diagnoses/${diagnosis.id}`).send({ clinicalStatus: 'resolved' });
    expect(noMatch.status).toBe(428);
    const stale = await asDoctor.patch(`/diagnoses/${diagnosis.id}`).set('If-Match', '"7"').send({ clinicalStatus: 'resolved' });
    expect(stale.status).toBe(412);
    expect(await outboxRows(t, diagnosis.id, 'emr.DiagnosisUpdated.v1')).toHaveLength(0);

    const resolved = await asDoctor
      .patch(`/diagnoses/${diagnosis.id}`)
      .set('If-Match', '"1"')
      .send({ clinicalStatus: 'resolved', note: null });
    expect(resolved.status).toBe(200);
    expect(resolved.headers.etag).toBe('"2"');
    expect(resolved.body).toMatchObject({ clinicalStatus: 'resolved', note: null, version: 2 });
    const same = await asDoctor.patch(`/diagnoses/${diagnosis.id}`).set('If-Match', '"2"').send({ clinicalStatus: 'resolved' });
    expect(same.body.version).toBe(2);

    const withdrawn = await asDoctor
      .patch(`/diagnoses/${diagnosis.id}`)
      .set('If-Match', '"2"')
      .send({ verificationStatus: 'entered-in-error' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ verificationStatus: 'entered-in-error', version: 3 });
    const again = await asDoctor.patch(`/diagnoses/${diagnosis.id}`).set('If-Match', '"3"').send({ clinicalStatus: 'active' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EMR.CONDITION_ENTERED_IN_ERROR');
    const list = await asDoctor.get(`/encounters/${encounterId}/diagnoses`);
    expect((list.body.items as { id: string; verificationStatus: string }[]).map((d) => [d.id, d.verificationStatus])).toEqual([
      [diagnosis.id, 'entered-in-error'],
    ]);

    // Every version in the audit store, under the Diagnosis aggregate, without the note.
    await appendAll(t);
    const auditor = apiAs(t, await tokenFor(t, 'auditor'));
    const history = await auditor.get(`/audit/resources/Diagnosis/${diagnosis.id}/history`);
    expect(history.status).toBe(200);
    const items = history.body.items as { type: string; change: Record<string, unknown> }[];
    expect(items.map((i) => i.type)).toEqual(['emr.DiagnosisRecorded.v1', 'emr.DiagnosisUpdated.v1', 'emr.DiagnosisUpdated.v1']);
    expect(items.map((i) => i.change.verificationStatus)).toEqual(['confirmed', 'confirmed', 'entered-in-error']);
    expect(items[1].change).toMatchObject({ changedFields: ['clinicalStatus', 'note'], noteRecorded: false });
    expect(JSON.stringify(history.body)).not.toContain('Troponin');
  });

  it('answers 404 for unknown encounters and diagnoses, a problem-list id at /diagnoses, and refuses a PATCH of a problem shape', async () => {
    const unknown = randomUUID();
    const post = await asDoctor
      .post(`/encounters/${unknown}/diagnoses`)
      .send({ code: 'I10', display: 'x', verificationStatus: 'confirmed' });
    expect(post.status).toBe(404);
    expect((await asDoctor.get(`/encounters/${unknown}/diagnoses`)).status).toBe(404);
    expect(
      (await asDoctor.patch(`/diagnoses/${unknown}`).set('If-Match', '"1"').send({ clinicalStatus: 'resolved' })).status,
    ).toBe(404);
    const encounterId = await openEncounter();
    const diagnosis = await givenDiagnosis(asDoctor, encounterId);
    const onset = await asDoctor.patch(`/diagnoses/${diagnosis.id}`).set('If-Match', '"1"').send({ onsetDate: '2020-01-01' });
    expect(onset.status).toBe(400);
    expect(
      (await asDoctor.patch(`/problems/${diagnosis.id}`).set('If-Match', '"1"').send({ clinicalStatus: 'resolved' })).status,
    ).toBe(404);
  });

  it('needs emr:diagnose to write (a nurse 403) and emr:read to read (front desk and billing 404); other departments 404, audited', async () => {
    const encounterId = await openEncounter();
    const diagnosis = await givenDiagnosis(asDoctor, encounterId);
    const before = await conditionWriteCounts(t);

    const asNurse = apiAs(t, ward.nurse);
    const nursePost = await asNurse
      .post(`/encounters/${encounterId}/diagnoses`)
      .send({ code: 'I10', display: 'x', verificationStatus: 'confirmed' });
    expect(nursePost.status).toBe(403);
    expect(nursePost.body).toMatchObject({ code: 'AUTH.PERMISSION_REQUIRED' });
    const nursePatch = await asNurse
      .patch(`/diagnoses/${diagnosis.id}`)
      .set('If-Match', '"1"')
      .send({ clinicalStatus: 'resolved' });
    expect(nursePatch.status).toBe(403);
    // The nurse reads them.
    expect((await asNurse.get(`/encounters/${encounterId}/diagnoses`)).status).toBe(200);

    for (const who of [receptionist, clerk]) {
      const res = await apiAs(t, who).get(`/encounters/${encounterId}/diagnoses`);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('I21.4');
    }

    const asOncologist = apiAs(t, ward.oncologist);
    expect(
      (
        await asOncologist
          .post(`/encounters/${encounterId}/diagnoses`)
          .send({ code: 'I10', display: 'x', verificationStatus: 'confirmed' })
      ).status,
    ).toBe(404);
    expect(
      (await asOncologist.patch(`/diagnoses/${diagnosis.id}`).set('If-Match', '"1"').send({ clinicalStatus: 'resolved' })).status,
    ).toBe(404);
    expect((await asOncologist.get(`/encounters/${encounterId}/diagnoses`)).status).toBe(404);
    expect(await conditionWriteCounts(t)).toEqual(before);

    const denials = (await events('authz.AccessDenied.v1', ward.oncologist.userId)).map((e) => e.payload);
    expect(denials).toEqual([
      expect.objectContaining({
        reason: 'out-of-scope',
        permission: 'emr:write',
        resourceType: 'Encounter',
        resourceId: encounterId,
      }),
      expect.objectContaining({
        reason: 'out-of-scope',
        permission: 'emr:write',
        resourceType: 'Diagnosis',
        resourceId: diagnosis.id,
      }),
      expect.objectContaining({
        reason: 'out-of-scope',
        permission: 'emr:read',
        resourceType: 'emr.diagnoses',
        resourceId: encounterId,
      }),
    ]);
    // One diagnosis: the same 404 outside emr:read's scope (audited) or without emr:read, never naming the patient.
    const far = await asOncologist.get(`/diagnoses/${diagnosis.id}`);
    expect(far.status).toBe(404);
    expect(JSON.stringify(far.body)).not.toContain(patientId);
    expect((await events('authz.AccessDenied.v1', ward.oncologist.userId)).at(-1)?.payload).toMatchObject({
      reason: 'out-of-scope',
      permission: 'emr:read',
      resourceType: 'emr.diagnoses',
    });
    expect((await apiAs(t, clerk).get(`/diagnoses/${diagnosis.id}`)).status).toBe(404);
    const nurseRead = await asNurse.get(`/diagnoses/${diagnosis.id}`);
    expect([nurseRead.status, nurseRead.headers.etag]).toEqual([200, '"1"']);

    const refusedReads = (await events('authz.AccessDenied.v1', receptionist.userId)).map((e) => e.payload);
    expect(refusedReads).toEqual([
      expect.objectContaining({
        reason: 'missing-permission',
        permission: 'emr:read',
        resourceType: 'Encounter',
        resourceId: encounterId,
      }),
    ]);
  });

  it('audits every diagnosis served as emr.diagnoses, pages them newest first, and opens them to a break-the-glass grant', async () => {
    const encounterId = await openEncounter();
    const ids = [];
    for (const code of ['I10', 'E11.9', 'J45.909']) ids.push((await givenDiagnosis(asDoctor, encounterId, { code })).id);
    const before = (await events('patients.PatientDataAccessed.v1', ward.nurse.userId)).length;
    const asNurse = apiAs(t, ward.nurse, 'TREAT');
    const first = await asNurse.get(`/encounters/${encounterId}/diagnoses?limit=2`);
    expect((first.body.items as { id: string }[]).map((d) => d.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await asNurse.get(`/encounters/${encounterId}/diagnoses?limit=2&cursor=${first.body.nextCursor as string}`);
    expect(second.body).toMatchObject({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    const served = (await events('patients.PatientDataAccessed.v1', ward.nurse.userId)).slice(before);
    expect(served.map((e) => e.payload)).toEqual(
      Array.from({ length: 3 }, () => expect.objectContaining({ patientId, resourceType: 'emr.diagnoses', access: 'list' })),
    );
    expect((await asNurse.get(`/encounters/${encounterId}/diagnoses?cursor=nonsense`)).status).toBe(400);

    const grant = await t
      .http()
      .post('/api/v1/auth/emergency-access')
      .set('Authorization', bearer(ward.oncologist.accessToken))
      .send({ patientId, reason: 'Collapsed in the corridor' });
    expect(grant.status).toBe(201);
    const opened = await apiAs(t, ward.oncologist, 'ETREAT').get(`/encounters/${encounterId}/diagnoses`);
    expect(opened.status).toBe(200);
    expect(opened.body.items).toHaveLength(3);
    expect((await events('patients.PatientDataAccessed.v1', ward.oncologist.userId)).at(-1)?.payload).toMatchObject({
      patientId,
      resourceType: 'emr.diagnoses',
      emergencyGrantId: grant.body.grantId,
      breakGlass: true,
    });
    // A grant opens records for reading only.
    const write = await apiAs(t, ward.oncologist)
      .post(`/encounters/${encounterId}/diagnoses`)
      .send({ code: 'I10', display: 'x', verificationStatus: 'confirmed' });
    expect(write.status).toBe(404);
  });
});
