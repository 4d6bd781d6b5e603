import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { GetPractitioner } from '../../src/modules/auth/index.js';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appendAll } from '../audit/support/audit-store.js';
import { apiAs, type Api, fieldsOf, givenHospital, outboxRows, PROBLEM } from '../patients/support/patients-api.js';
import { emrWriteCounts, givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';

const REASON = 'Chest pain radiating to the left arm since Tuesday';
const minutesFromNow = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

/** Encounters over HTTP: their lifecycle, every refusal with its status and code, versions, and the finish race. */
describe('encounters', () => {
  let t: TestApp;
  let ward: Ward;
  let asDoctor: Api;
  let patientId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    asDoctor = apiAs(t, ward.doctor);
    patientId = await givenPatient(t, ward);
  });
  afterAll(() => t?.close());

  it('records a planned encounter with a generated account number and serves it with its ETag, the reason encrypted at rest', async () => {
    const res = await asDoctor.post(`/patients/${patientId}/encounters`).send({
      class: 'AMB',
      attendingPractitionerId: ward.doctor.userId,
      careTeamIds: [ward.nurse.userId],
      reasonText: REASON,
    });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/encounters/${res.body.id}`);
    expect(res.body).toMatchObject({
      patientId,
      hospitalId: ward.hospitalId,
      departmentId: ward.cardiology,
      class: 'AMB',
      status: 'planned',
      periodStart: null,
      periodEnd: null,
      version: 1,
      view: 'clinical',
      attendingPractitionerId: ward.doctor.userId,
      careTeamIds: [ward.nurse.userId],
      reasonText: REASON,
      statusReason: null,
    });
    expect(res.body.accountNumber).toMatch(/^V\d{10}$/);

    const got = await asDoctor.get(`/encounters/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.etag).toBe('"1"');
    expect(got.body).toEqual(res.body);

    const [row] = await t.db.query<{ reason_text: string; pii_key_id: string }>(
      'SELECT reason_text, pii_key_id FROM encounters WHERE id = $1',
      [res.body.id],
    );
    expect(row.reason_text).toMatch(/^v1\./);
    expect(row.reason_text).not.toContain('Chest');
    const [event] = await outboxRows(t, res.body.id as string);
    expect(event).toMatchObject({
      type: 'emr.EncounterPlanned.v1',
      aggregate_type: 'Encounter',
      aggregate_version: 1,
      payload: { encounterId: res.body.id, patientId, status: 'planned', class: 'AMB', reasonRecorded: true },
    });
    const everything = JSON.stringify(
      await queryAudited(t, 'SELECT payload FROM outbox UNION ALL SELECT change FROM audit_events'),
    );
    expect(everything).not.toContain('Chest pain');
    expect(t.logs.text()).not.toContain('Chest pain');

    // The patient is now linked to the encounter's hospital, department and practitioners.
    const links = await t.db.query<{ kind: string; ref_id: string }>(
      `SELECT kind, ref_id FROM patient_care_links WHERE patient_id = $1 AND source = 'emr.encounter' ORDER BY kind, ref_id`,
      [patientId],
    );
    expect(links).toEqual(
      expect.arrayContaining([
        { kind: 'hospital', ref_id: ward.hospitalId },
        { kind: 'user', ref_id: ward.doctor.userId },
        { kind: 'user', ref_id: ward.nurse.userId },
      ]),
    );
  });

  it('walks planned → in-progress → finished, setting the period, and refuses what the state machine does not allow', async () => {
    const encounter = await givenEncounter(asDoctor, patientId);
    const startedAt = minutesFromNow(-30);
    const started = await asDoctor.post(`/encounters/${encounter.id}/start`).send({ at: startedAt });
    expect(started.status).toBe(200);
    expect(started.headers.etag).toBe('"2"');
    expect(started.body).toMatchObject({ status: 'in-progress', periodStart: startedAt, periodEnd: null, version: 2 });
    expect((await asDoctor.post(`/encounters/${encounter.id}/start`).send({})).body.code).toBe('EMR.INVALID_STATUS_TRANSITION');

    const finished = await asDoctor.post(`/encounters/${encounter.id}/finish`).send({});
    expect(finished.status).toBe(200);
    expect(finished.body.status).toBe('finished');
    expect(new Date(finished.body.periodEnd as string).getTime()).toBeGreaterThan(new Date(startedAt).getTime());

    for (const action of ['finish', 'cancel']) {
      const refused = await asDoctor.post(`/encounters/${encounter.id}/${action}`).send({});
      expect(refused.status).toBe(409);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.body).toMatchObject({ code: 'EMR.INVALID_STATUS_TRANSITION', status: 409 });
    }
    const unchanged = await asDoctor.get(`/encounters/${encounter.id}`);
    expect(unchanged.body).toMatchObject({ status: 'finished', version: 3 });

    // A closed encounter's details are frozen.
    const patched = await asDoctor.patch(`/encounters/${encounter.id}`).set('If-Match', '"3"').send({ class: 'IMP' });
    expect(patched.status).toBe(409);
    expect(patched.body.code).toBe('EMR.ENCOUNTER_CLOSED');

    // Entered-in-error needs a reason, keeps the period, and happens once.
    const noReason = await asDoctor.post(`/encounters/${encounter.id}/entered-in-error`).send({});
    expect(noReason.status).toBe(400);
    expect(fieldsOf(noReason.body)).toContain('reason');
    const error = await asDoctor.post(`/encounters/${encounter.id}/entered-in-error`).send({ reason: 'Wrong patient chosen' });
    expect(error.status).toBe(200);
    expect(error.body).toMatchObject({
      status: 'entered-in-error',
      statusReason: 'Wrong patient chosen',
      periodStart: startedAt,
      periodEnd: finished.body.periodEnd,
    });
    expect((await asDoctor.post(`/encounters/${encounter.id}/entered-in-error`).send({ reason: 'again' })).status).toBe(409);
    expect(JSON.stringify(await outboxRows(t, encounter.id))).not.toContain('Wrong patient chosen');
  });

  it('cancels a planned or started encounter, and records one already in progress', async () => {
    const planned = await givenEncounter(asDoctor, patientId);
    const cancelled = await asDoctor.post(`/encounters/${planned.id}/cancel`).send({ reason: 'Patient rescheduled' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      periodStart: null,
      periodEnd: null,
      statusReason: 'Patient rescheduled',
    });

    const walkIn = await givenEncounter(asDoctor, patientId, { class: 'EMER', status: 'in-progress' });
    expect(walkIn).toMatchObject({ status: 'in-progress', class: 'EMER', version: 1 });
    expect(walkIn.periodStart).not.toBeNull();
    expect((await outboxRows(t, walkIn.id)).map((e) => [e.type, e.aggregate_version])).toEqual([['emr.EncounterStarted.v1', 1]]);
    const stopped = await asDoctor.post(`/encounters/${walkIn.id}/cancel`).send({});
    expect(stopped.status).toBe(200);
    expect(stopped.body.status).toBe('cancelled');
    expect(stopped.body.periodEnd).not.toBeNull();
  });

  it('changes details under If-Match only: 428 without, 412 when stale, and a transition with a stale one is 412 too', async () => {
    const encounter = await givenEncounter(asDoctor, patientId, { reasonText: 'Follow-up' });
    const path = `/encounters/${encounter.id}`;
    expect((await asDoctor.patch(path).send({ class: 'VR' })).status).toBe(428);
    const changed = await asDoctor
      .patch(path)
      .set('If-Match', '"1"')
      .send({ class: 'VR', reasonText: null, careTeamIds: [ward.nurse.userId] });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.body).toMatchObject({ class: 'VR', reasonText: null, careTeamIds: [ward.nurse.userId], version: 2 });
    const [updated] = await outboxRows(t, encounter.id, 'emr.EncounterUpdated.v1');
    expect(updated.payload).toMatchObject({ changedFields: ['class', 'careTeamIds', 'reasonText'], reasonRecorded: false });

    const stale = await asDoctor.patch(path).set('If-Match', '"1"').send({ class: 'AMB' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('COMMON.VERSION_MISMATCH');
    const staleStart = await asDoctor.post(`${path}/start`).set('If-Match', '"1"').send({});
    expect(staleStart.status).toBe(412);
    expect((await asDoctor.get(path)).body).toMatchObject({ class: 'VR', status: 'planned', version: 2 });

    // The same values again change nothing: no new version, no event.
    const same = await asDoctor.patch(path).set('If-Match', '"2"').send({ class: 'VR' });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(2);
    expect(await outboxRows(t, encounter.id, 'emr.EncounterUpdated.v1')).toHaveLength(1);
  });

  it('refuses instants in the future beyond the clock skew (400 naming the field), writing nothing', async () => {
    const before = await emrWriteCounts(t);
    const future = await asDoctor
      .post(`/patients/${patientId}/encounters`)
      .send({ class: 'AMB', status: 'in-progress', periodStart: minutesFromNow(10) });
    expect(future.status).toBe(400);
    expect(fieldsOf(future.body)).toEqual(['periodStart']);
    const plannedWithStart = await asDoctor
      .post(`/patients/${patientId}/encounters`)
      .send({ class: 'AMB', periodStart: minutesFromNow(-10) });
    expect(fieldsOf(plannedWithStart.body)).toEqual(['periodStart']);
    const notADate = await asDoctor
      .post(`/patients/${patientId}/encounters`)
      .send({ class: 'AMB', status: 'in-progress', periodStart: '2026-02-31T08:00:00Z' });
    expect(notADate.status).toBe(400);
    expect(await emrWriteCounts(t)).toEqual(before);

    const encounter = await givenEncounter(asDoctor, patientId);
    const lateStart = await asDoctor.post(`/encounters/${encounter.id}/start`).send({ at: minutesFromNow(10) });
    expect(lateStart.status).toBe(400);
    expect(fieldsOf(lateStart.body)).toEqual(['at']);
    expect((await asDoctor.post(`/encounters/${encounter.id}/start`).send({ at: minutesFromNow(-20) })).status).toBe(200);
    const beforeStart = await asDoctor.post(`/encounters/${encounter.id}/finish`).send({ at: minutesFromNow(-40) });
    expect(beforeStart.status).toBe(400);
    expect(fieldsOf(beforeStart.body)).toEqual(['at']);
    expect(fieldsOf((await asDoctor.post(`/encounters/${encounter.id}/finish`).send({ at: minutesFromNow(10) })).body)).toEqual([
      'at',
    ]);
    expect((await asDoctor.get(`/encounters/${encounter.id}`)).body).toMatchObject({ status: 'in-progress', version: 2 });
  });

  it('takes only a doctor as attending practitioner (422), and only active users of the hospital on the encounter', async () => {
    const elsewhere = await givenHospital(ward.asAdmin);
    const foreignDoctor = await tokenFor(t, 'doctor', { hospitalId: elsewhere, profession: 'doctor' });
    const before = await emrWriteCounts(t);
    const nurseAttending = await asDoctor
      .post(`/patients/${patientId}/encounters`)
      .send({ class: 'AMB', attendingPractitionerId: ward.nurse.userId });
    expect(nurseAttending.status).toBe(422);
    expect(nurseAttending.body.code).toBe('EMR.ATTENDING_NOT_A_DOCTOR');
    expect(fieldsOf(nurseAttending.body)).toEqual(['attendingPractitionerId']);

    const unknown = await asDoctor.post(`/patients/${patientId}/encounters`).send({ class: 'AMB', careTeamIds: [randomUUID()] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('EMR.UNKNOWN_PRACTITIONER');
    expect(fieldsOf(unknown.body)).toEqual(['careTeamIds']);

    const foreign = await asDoctor
      .post(`/patients/${patientId}/encounters`)
      .send({ class: 'AMB', attendingPractitionerId: foreignDoctor.userId });
    expect(foreign.body.code).toBe('EMR.UNKNOWN_PRACTITIONER');
    expect(await emrWriteCounts(t)).toEqual(before);

    // The oncologist's profession is written "Physician": a doctor all the same.
    const encounter = await givenEncounter(asDoctor, patientId);
    const patch = await asDoctor
      .patch(`/encounters/${encounter.id}`)
      .set('If-Match', '"1"')
      .send({ attendingPractitionerId: ward.oncologist.userId });
    expect(patch.status).toBe(200);
    expect(patch.body.attendingPractitionerId).toBe(ward.oncologist.userId);
    const refused = await asDoctor
      .patch(`/encounters/${encounter.id}`)
      .set('If-Match', '"2"')
      .send({ attendingPractitionerId: ward.nurse.userId });
    expect(refused.body.code).toBe('EMR.ATTENDING_NOT_A_DOCTOR');
  });

  it('answers GetPractitioner from auth’s contract with the profile only, and NotFound for an unknown user', async () => {
    const queries = t.app.get(QueryBus);
    expect(await queries.execute(new GetPractitioner(ward.nurse.userId))).toEqual({
      id: ward.nurse.userId,
      profession: 'nurse',
      isDoctor: false,
      hospitalId: ward.hospitalId,
      departmentId: ward.cardiology,
      status: 'active',
    });
    expect(await queries.execute(new GetPractitioner(ward.doctor.userId))).toMatchObject({ isDoctor: true });
    await expect(queries.execute(new GetPractitioner(randomUUID()))).rejects.toMatchObject({ code: 'COMMON.NOT_FOUND' });
  });

  it('answers 404 for unknown patients and encounters, and 422 for a department of another hospital or outside the writer’s scope', async () => {
    const unknownPatient = await asDoctor.post(`/patients/${randomUUID()}/encounters`).send({ class: 'AMB' });
    expect(unknownPatient.status).toBe(404);
    expect((await asDoctor.get(`/patients/${randomUUID()}/encounters`)).status).toBe(404);
    const unknown = randomUUID();
    expect((await asDoctor.get(`/encounters/${unknown}`)).status).toBe(404);
    expect((await asDoctor.patch(`/encounters/${unknown}`).set('If-Match', '"1"').send({ class: 'AMB' })).status).toBe(404);
    expect((await asDoctor.post(`/encounters/${unknown}/finish`).send({})).status).toBe(404);

    const otherHospital = await givenHospital(ward.asAdmin);
    const before = await emrWriteCounts(t);
    const mismatched = await asDoctor
      .post(`/patients/${patientId}/encounters`)
      .send({ class: 'AMB', hospitalId: otherHospital, departmentId: ward.cardiology });
    expect(mismatched.status).toBe(422);
    expect(mismatched.body.code).toBe('EMR.UNKNOWN_SERVICE_PROVIDER');
    const outside = await asDoctor.post(`/patients/${patientId}/encounters`).send({ class: 'AMB', departmentId: ward.oncology });
    expect(outside.status).toBe(422);
    expect(outside.body.code).toBe('EMR.DEPARTMENT_OUT_OF_SCOPE');
    expect(await emrWriteCounts(t)).toEqual(before);
    const [denial] = await queryAudited<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM ${AUDITED_EVENTS} WHERE type = 'authz.AccessDenied.v1' AND payload->>'resourceId' = $1`,
      [ward.oncology],
    );
    expect(denial.payload).toMatchObject({ reason: 'out-of-scope', permission: 'emr:write', resourceType: 'Department' });
  });

  it('keeps visit account numbers unique per hospital: external ones accepted in their format, a taken one 409', async () => {
    const external = await givenEncounter(asDoctor, patientId, { accountNumber: 'HIS-2026/0042' });
    expect(external.accountNumber).toBe('HIS-2026/0042');
    const before = await emrWriteCounts(t);
    const taken = await asDoctor.post(`/patients/${patientId}/encounters`).send({ class: 'AMB', accountNumber: 'HIS-2026/0042' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('EMR.ACCOUNT_NUMBER_TAKEN');
    const malformed = await asDoctor.post(`/patients/${patientId}/encounters`).send({ class: 'AMB', accountNumber: 'his 42' });
    expect(malformed.status).toBe(400);
    expect(fieldsOf(malformed.body)).toEqual(['accountNumber']);
    const badClass = await asDoctor.post(`/patients/${patientId}/encounters`).send({ class: 'outpatient' });
    expect(fieldsOf(badClass.body)).toEqual(['class']);
    expect(await emrWriteCounts(t)).toEqual(before);
  });

  it('lists the patient’s encounters newest first in keyset pages, filtered by status', async () => {
    const other = await givenPatient(t, ward);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await givenEncounter(asDoctor, other)).id);
    await asDoctor.post(`/encounters/${ids[1]}/cancel`).send({});
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await asDoctor.get(`/patients/${other}/encounters?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...(res.body.items as { id: string }[]).map((e) => e.id));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const cancelled = await asDoctor.get(`/patients/${other}/encounters?status=cancelled`);
    expect((cancelled.body.items as { id: string }[]).map((e) => e.id)).toEqual([ids[1]]);
    const bad = await asDoctor.get(`/patients/${other}/encounters?cursor=bm90LWEtY3Vyc29y`);
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['cursor']);
    expect((await asDoctor.get(`/patients/${other}/encounters?status=done`)).status).toBe(400);
  });

  it('serialises two finishes of one encounter on its row: exactly one 200 and one 409', async () => {
    for (let round = 0; round < 5; round += 1) {
      const encounter = await givenEncounter(asDoctor, patientId, { status: 'in-progress' });
      const answers = await Promise.all([1, 2].map(() => asDoctor.post(`/encounters/${encounter.id}/finish`).send({})));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(answers.find((r) => r.status === 409)?.body.code).toBe('EMR.INVALID_STATUS_TRANSITION');
      expect((await outboxRows(t, encounter.id, 'emr.EncounterFinished.v1')).map((e) => e.aggregate_version)).toEqual([2]);
    }
  });

  it('keeps every version in the audit store, filed under the encounter and the patient', async () => {
    const encounter = await givenEncounter(asDoctor, patientId, { reasonText: REASON });
    await asDoctor.patch(`/encounters/${encounter.id}`).set('If-Match', '"1"').send({ class: 'IMP' });
    await asDoctor.post(`/encounters/${encounter.id}/start`).send({});
    await asDoctor.post(`/encounters/${encounter.id}/finish`).send({});
    await appendAll(t);
    const auditor = apiAs(t, await tokenFor(t, 'auditor'));
    const history = await auditor.get(`/audit/resources/Encounter/${encounter.id}/history`);
    expect(history.status).toBe(200);
    const items = history.body.items as { type: string; change: Record<string, unknown> }[];
    expect(items.map((e) => [e.type, e.change.status, e.change.class])).toEqual([
      ['emr.EncounterPlanned.v1', 'planned', 'AMB'],
      ['emr.EncounterUpdated.v1', 'planned', 'IMP'],
      ['emr.EncounterStarted.v1', 'in-progress', 'IMP'],
      ['emr.EncounterFinished.v1', 'finished', 'IMP'],
    ]);
    expect(JSON.stringify(history.body)).not.toContain('Chest pain');
    const report = await auditor.get(`/audit/patients/${patientId}/access-report?limit=500`);
    const types = (report.body.items as { type: string; what: { resourceId: string } }[])
      .filter((item) => item.what.resourceId === encounter.id)
      .map((item) => item.type);
    expect(types).toEqual([
      'emr.EncounterPlanned.v1',
      'emr.EncounterUpdated.v1',
      'emr.EncounterStarted.v1',
      'emr.EncounterFinished.v1',
    ]);
  });
});
