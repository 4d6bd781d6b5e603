import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { bearer, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appendAll } from '../audit/support/audit-store.js';
import { apiAs, type Api, fieldsOf, outboxRows, PROBLEM } from '../patients/support/patients-api.js';
import { givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { clinicalWriteCounts, givenOpenEncounter } from './support/clinical-records.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';

const SUBSTANCE = 'Amoxicillin';
const MANIFESTATION = 'Hives over the trunk within an hour';
const minutesFromNow = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

const PENICILLIN = {
  substance: SUBSTANCE,
  type: 'allergy',
  category: ['medication'],
  criticality: 'high',
  reactions: [{ manifestation: MANIFESTATION, severity: 'moderate' }],
  verificationStatus: 'confirmed',
};

interface Allergy {
  id: string;
  kind: string;
  clinicalStatus: string | null;
  verificationStatus: string;
  version: number;
}

/** Allergies and intolerances over HTTP: the no-known-allergies assertion and its rule under concurrency, versions, access. */
describe('allergies and intolerances', () => {
  let t: TestApp;
  let ward: Ward;
  let asDoctor: Api;
  let asNurse: Api;
  let patientId: string;

  const list = (api: Api, id = patientId) => api.get(`/patients/${id}/allergies`);
  const post = (api: Api, body: Record<string, unknown>, id = patientId) => api.post(`/patients/${id}/allergies`).send(body);
  const audited = (type: string, userId: string) =>
    queryAudited<{ type: string; payload: Record<string, unknown> }>(
      t,
      `SELECT type, payload FROM ${AUDITED_EVENTS} WHERE type = $1 AND actor->>'id' = $2 ORDER BY sequence`,
      [type, userId],
    );
  const activeCounts = async (id: string) =>
    (
      await t.db.query<{ nka: number; allergies: number }>(
        `SELECT count(*) FILTER (WHERE kind = 'no-known-allergies')::int AS nka, count(*) FILTER (WHERE kind = 'substance')::int AS allergies
           FROM allergy_intolerances WHERE patient_id = $1 AND clinical_status = 'active' AND verification_status <> 'refuted'`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    asDoctor = apiAs(t, ward.doctor);
    asNurse = apiAs(t, ward.nurse);
    patientId = await givenPatient(t, ward);
  });
  afterAll(() => t?.close());

  it('tells "not asked" from "no known allergies", and an allergy recorded makes the assertion inactive', async () => {
    const empty = await list(asDoctor);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ assertion: 'not-asked', items: [] });

    const nka = await post(asNurse, { noKnownAllergies: true });
    expect(nka.status).toBe(201);
    expect(nka.headers.etag).toBe('"1"');
    expect(nka.body).toMatchObject({
      kind: 'no-known-allergies',
      code: { system: 'http://snomed.info/sct', code: '716186003' },
      substance: null,
      clinicalStatus: 'active',
      verificationStatus: 'confirmed',
      recordedBy: ward.nurse.userId,
      encounterId: null,
    });
    expect((await list(asDoctor)).body.assertion).toBe('no-known-allergies');
    const twice = await post(asDoctor, { noKnownAllergies: true });
    expect([twice.status, twice.body.code, twice.body.reason]).toEqual([
      409,
      'EMR.ALLERGY_ASSERTION_CONFLICT',
      'already-asserted',
    ]);

    const encounterId = await givenOpenEncounter(asDoctor, patientId);
    const allergy = await post(asDoctor, { ...PENICILLIN, encounterId, onsetDateTime: minutesFromNow(-600) });
    expect(allergy.status).toBe(201);
    expect(allergy.body).toMatchObject({
      kind: 'substance',
      code: null,
      substance: SUBSTANCE,
      substanceCode: null,
      type: 'allergy',
      category: ['medication'],
      criticality: 'high',
      reactions: [{ manifestation: MANIFESTATION, severity: 'moderate' }],
      clinicalStatus: 'active',
      verificationStatus: 'confirmed',
      encounterId,
      version: 1,
    });
    const after = await list(asDoctor);
    expect(after.body.assertion).toBe('has-allergies');
    expect((after.body.items as Allergy[]).map((a) => [a.id, a.clinicalStatus, a.version])).toEqual([
      [allergy.body.id, 'active', 1],
      [nka.body.id, 'inactive', 2],
    ]);
    const [superseded] = await outboxRows(t, nka.body.id as string, 'emr.AllergyUpdated.v1');
    expect(superseded.payload).toMatchObject({
      clinicalStatus: 'inactive',
      changedFields: ['clinicalStatus'],
      supersededBy: allergy.body.id,
    });

    // The assertion beside an active allergy is refused, and nothing is written.
    const before = await clinicalWriteCounts(t);
    const refused = await post(asNurse, { noKnownAllergies: true });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(PROBLEM);
    expect(refused.body).toMatchObject({ code: 'EMR.ALLERGY_ASSERTION_CONFLICT', reason: 'active-allergies' });
    expect(await clinicalWriteCounts(t)).toEqual(before);
  });

  it('keeps substance and reactions encrypted at rest and out of events, logs and the audit trail', async () => {
    const res = await post(asDoctor, { ...PENICILLIN, substance: 'Sesame seeds', category: ['food'] });
    expect(res.status).toBe(201);
    const [row] = await t.db.query<{
      substance_text: string;
      reactions_text: string;
      reaction_severities: string[];
      pii_key_id: string;
    }>('SELECT substance_text, reactions_text, reaction_severities, pii_key_id FROM allergy_intolerances WHERE id = $1', [
      res.body.id,
    ]);
    expect(row.substance_text).toMatch(/^v1\./);
    expect(row.reactions_text).toMatch(/^v1\./);
    expect(row.substance_text + row.reactions_text).not.toMatch(/Sesame|Hives/);
    expect(row.reaction_severities).toEqual(['moderate']);
    const [event] = await outboxRows(t, res.body.id as string);
    expect(event).toMatchObject({
      type: 'emr.AllergyRecorded.v1',
      aggregate_type: 'AllergyIntolerance',
      aggregate_version: 1,
      payload: {
        allergyId: res.body.id,
        patientId,
        substanceRecorded: true,
        category: ['food'],
        reactionSeverities: ['moderate'],
      },
    });
    const everything = JSON.stringify(
      await queryAudited(t, 'SELECT payload FROM outbox UNION ALL SELECT change FROM audit_events'),
    );
    expect(everything).not.toMatch(/Sesame|Hives over/);
    expect(t.logs.text()).not.toMatch(/Sesame|Hives over/);
  });

  it('refuses bad enum values, misplaced fields and future onsets (400 naming the field), writing nothing', async () => {
    const before = await clinicalWriteCounts(t);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...PENICILLIN, type: 'sensitivity' }, ['type']],
      [{ ...PENICILLIN, category: ['drug'] }, ['category']],
      [{ ...PENICILLIN, criticality: 'severe' }, ['criticality']],
      [{ ...PENICILLIN, reactions: [{ manifestation: 'Rash', severity: 'fatal' }] }, ['reactions[0].severity']],
      [{ ...PENICILLIN, reactions: [{ severity: 'mild' }] }, ['reactions[0].manifestation']],
      [{ ...PENICILLIN, clinicalStatus: 'remission' }, ['clinicalStatus']],
      [{ ...PENICILLIN, verificationStatus: 'presumed' }, ['verificationStatus']],
      [{ ...PENICILLIN, verificationStatus: 'entered-in-error' }, ['verificationStatus']],
      [{ ...PENICILLIN, onsetDateTime: minutesFromNow(60) }, ['onsetDateTime']],
      [{ ...PENICILLIN, onsetDateTime: 'last spring' }, ['onsetDateTime']],
      [{ type: 'allergy' }, ['substance']],
      [{ noKnownAllergies: true, substance: 'Latex', criticality: 'low' }, ['substance', 'criticality']],
      [{ ...PENICILLIN, noKnownAllergies: 'yes' }, ['noKnownAllergies']],
      [{ ...PENICILLIN, encounterId: 'not-a-uuid' }, ['encounterId']],
    ];
    for (const [body, fields] of cases) {
      const res = await post(asDoctor, body);
      expect([res.status, [...new Set(fieldsOf(res.body))]]).toEqual([400, fields]);
    }
    expect(await clinicalWriteCounts(t)).toEqual(before);
  });

  it('changes a record under If-Match only, each change a new version and event, and keeps every version in the audit store', async () => {
    const created = await post(asDoctor, { substance: 'Ibuprofen', type: 'intolerance', category: ['medication'] });
    expect(created.body).toMatchObject({ verificationStatus: 'unconfirmed', clinicalStatus: 'active', criticality: null });
    const path = `/allergies/${created.body.id}`;
    expect((await asDoctor.patch(path).send({ criticality: 'low' })).status).toBe(428);
    const changed = await asDoctor
      .patch(path)
      .set('If-Match', '"1"')
      .send({
        criticality: 'low',
        verificationStatus: 'confirmed',
        reactions: [{ manifestation: 'Dyspepsia', severity: 'mild' }],
      });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.body).toMatchObject({ criticality: 'low', verificationStatus: 'confirmed', version: 2 });
    const stale = await asDoctor.patch(path).set('If-Match', '"1"').send({ clinicalStatus: 'resolved' });
    expect([stale.status, stale.body.code]).toEqual([412, 'COMMON.VERSION_MISMATCH']);
    const same = await asDoctor.patch(path).set('If-Match', '"2"').send({ criticality: 'low' });
    expect(same.body.version).toBe(2);
    expect(fieldsOf((await asDoctor.patch(path).set('If-Match', '"2"').send({ criticality: 'fatal' })).body)).toEqual([
      'criticality',
    ]);

    const resolved = await asDoctor.patch(path).set('If-Match', '"2"').send({ clinicalStatus: 'resolved' });
    expect(resolved.body).toMatchObject({ clinicalStatus: 'resolved', version: 3 });
    const wrong = await asNurse.patch(path).set('If-Match', '"3"').send({ verificationStatus: 'entered-in-error' });
    expect(wrong.body).toMatchObject({ clinicalStatus: null, verificationStatus: 'entered-in-error', version: 4 });
    const frozen = await asDoctor.patch(path).set('If-Match', '"4"').send({ clinicalStatus: 'active' });
    expect([frozen.status, frozen.body.code]).toEqual([409, 'EMR.RECORD_ENTERED_IN_ERROR']);
    const read = await asDoctor.get(path);
    expect([read.status, read.headers.etag]).toEqual([200, '"4"']);
    expect(read.body).toMatchObject({
      id: created.body.id,
      substance: 'Ibuprofen',
      reactions: [{ manifestation: 'Dyspepsia', severity: 'mild' }],
      verificationStatus: 'entered-in-error',
      version: 4,
    });
    expect(read.body).not.toHaveProperty('textsNotKept');

    const updates = await outboxRows(t, created.body.id as string, 'emr.AllergyUpdated.v1');
    expect(updates.map((e) => e.payload.changedFields)).toEqual([
      ['criticality', 'reactions', 'verificationStatus'],
      ['clinicalStatus'],
      ['clinicalStatus', 'verificationStatus'],
    ]);
    await appendAll(t);
    const auditor = apiAs(t, await tokenFor(t, 'auditor'));
    const history = await auditor.get(`/audit/resources/AllergyIntolerance/${created.body.id}/history`);
    expect(history.status).toBe(200);
    const items = history.body.items as { type: string; change: Record<string, unknown> }[];
    expect(items.map((e) => [e.type, e.change.clinicalStatus, e.change.verificationStatus])).toEqual([
      ['emr.AllergyRecorded.v1', 'active', 'unconfirmed'],
      ['emr.AllergyUpdated.v1', 'active', 'confirmed'],
      ['emr.AllergyUpdated.v1', 'resolved', 'confirmed'],
      ['emr.AllergyUpdated.v1', null, 'entered-in-error'],
    ]);
    expect(JSON.stringify(history.body)).not.toMatch(/Ibuprofen|Dyspepsia/);
  });

  it('keeps the assertion free of substance fields, and reactivating it beside an active allergy is 409', async () => {
    const other = await givenPatient(t, ward);
    const nka = await post(asDoctor, { noKnownAllergies: true }, other);
    const misplaced = await asDoctor
      .patch(`/allergies/${nka.body.id}`)
      .set('If-Match', '"1"')
      .send({ substance: 'Latex', onsetDateTime: null });
    expect([misplaced.status, fieldsOf(misplaced.body)]).toEqual([400, ['substance', 'onsetDateTime']]);
    const inactive = await asDoctor
      .patch(`/allergies/${nka.body.id}`)
      .set('If-Match', '"1"')
      .send({ clinicalStatus: 'inactive' });
    expect(inactive.body.version).toBe(2);
    expect((await list(asDoctor, other)).body.assertion).toBe('none-active');
    const latex = await post(asDoctor, { substance: 'Latex', category: ['environment'] }, other);
    expect(latex.status).toBe(201);
    const patch = (id: string, version: number, body: Record<string, unknown>) =>
      asDoctor.patch(`/allergies/${id}`).set('If-Match', `"${version}"`).send(body);
    const reactivated = await patch(nka.body.id as string, 2, { clinicalStatus: 'active' });
    expect([reactivated.status, reactivated.body.code]).toEqual([409, 'EMR.ALLERGY_ASSERTION_CONFLICT']);
    expect(await activeCounts(other)).toEqual({ nka: 0, allergies: 1 });

    // Refuted, the allergy no longer counts: the assertion stands again, and the allergy confirmed later supersedes it.
    const refuted = await patch(latex.body.id as string, 1, { verificationStatus: 'refuted' });
    expect(refuted.body).toMatchObject({ verificationStatus: 'refuted', clinicalStatus: 'active', version: 2 });
    const standing = await patch(nka.body.id as string, 2, { clinicalStatus: 'active' });
    expect(standing.body).toMatchObject({ clinicalStatus: 'active', version: 3 });
    expect((await list(asDoctor, other)).body.assertion).toBe('no-known-allergies');
    expect((await patch(latex.body.id as string, 2, { verificationStatus: 'confirmed' })).status).toBe(200);
    expect(await activeCounts(other)).toEqual({ nka: 0, allergies: 1 });
    const items = (await list(asDoctor, other)).body.items as Allergy[];
    expect(items.find((a) => a.id === nka.body.id)).toMatchObject({ clinicalStatus: 'inactive', version: 4 });
  });

  it('never leaves an active assertion beside an active allergy, however the requests race', async () => {
    for (let round = 0; round < 6; round += 1) {
      const racer = await givenPatient(t, ward);
      const answers = await Promise.all([
        post(asNurse, { noKnownAllergies: true }, racer),
        post(asDoctor, { substance: `Peanut ${round}`, category: ['food'] }, racer),
        post(asNurse, { noKnownAllergies: true }, racer),
      ]);
      const [nka1, allergy, nka2] = answers.map((r) => r.status);
      expect(allergy).toBe(201);
      // Once one assertion stands, the other meets it (or the allergy): at most one is taken.
      expect([nka1, nka2].filter((s) => s === 201).length).toBeLessThanOrEqual(1);
      for (const status of [nka1, nka2]) expect([201, 409]).toContain(status);
      expect(await activeCounts(racer)).toEqual({ nka: 0, allergies: 1 });
      const [assertions] = await t.db.query<{ active_nka: number; active_allergies: number }>(
        'SELECT active_nka, active_allergies FROM allergy_assertions WHERE patient_id = $1',
        [racer],
      );
      expect(assertions).toEqual({ active_nka: 0, active_allergies: 1 });
      expect((await list(asDoctor, racer)).body.assertion).toBe('has-allergies');
    }
    // PostgreSQL refuses the contradiction whatever writes the rows.
    const racer = await givenPatient(t, ward);
    await post(asDoctor, { substance: 'Shellfish' }, racer);
    await expect(
      t.db.query(
        `INSERT INTO allergy_intolerances (id, patient_id, hospital_id, department_id, responsible_user_ids, recorded_by, kind,
                                           clinical_status, verification_status)
         VALUES ($1, $2, $3, $4, '{}', $5, 'no-known-allergies', 'active', 'confirmed')`,
        [randomUUID(), racer, ward.hospitalId, ward.cardiology, ward.doctor.userId],
      ),
    ).rejects.toMatchObject({ constraint: 'allergy_assertions_consistent' });
  });

  it('reads and writes only in scope: 404 audited out of scope, 404 to front desk on reads and 403 on writes, break-the-glass reads', async () => {
    const oncologist = apiAs(t, ward.oncologist);
    expect((await list(oncologist)).status).toBe(404);
    expect((await post(oncologist, PENICILLIN)).status).toBe(404);
    const refusals = (await audited('authz.AccessDenied.v1', ward.oncologist.userId)).filter(
      (e) => e.payload.resourceId === patientId,
    );
    expect(refusals.map((e) => e.payload.permission)).toEqual(['emr:read', 'emr:write']);
    const [anAllergy] = (await list(asDoctor)).body.items as Allergy[];
    const patch = await oncologist
      .patch(`/allergies/${anAllergy.id}`)
      .set('If-Match', `"${anAllergy.version}"`)
      .send({ criticality: 'low' });
    expect(patch.status).toBe(404);
    expect((await audited('authz.AccessDenied.v1', ward.oncologist.userId)).at(-1)?.payload).toMatchObject({
      permission: 'emr:write',
      resourceType: 'AllergyIntolerance',
      resourceId: anAllergy.id,
    });
    const outOfScope = await oncologist.get(`/allergies/${anAllergy.id}`);
    expect([outOfScope.status, outOfScope.body.detail]).toEqual([404, expect.stringContaining(anAllergy.id)]);
    expect(JSON.stringify(outOfScope.body)).not.toContain(patientId);
    expect((await audited('authz.AccessDenied.v1', ward.oncologist.userId)).at(-1)?.payload).toMatchObject({
      permission: 'emr:read',
      resourceId: patientId,
    });

    const receptionist: UserWithTokens = await tokenFor(t, 'receptionist', { hospitalId: ward.hospitalId });
    expect((await list(apiAs(t, receptionist))).status).toBe(404);
    expect((await apiAs(t, receptionist).get(`/allergies/${anAllergy.id}`)).status).toBe(404);
    expect((await asDoctor.get(`/allergies/${randomUUID()}`)).status).toBe(404);
    expect((await post(apiAs(t, receptionist), PENICILLIN)).status).toBe(403);
    expect((await list(asDoctor, randomUUID())).status).toBe(404);
    expect((await post(asDoctor, PENICILLIN, randomUUID())).status).toBe(404);
    expect((await post(asDoctor, { ...PENICILLIN, encounterId: randomUUID() })).status).toBe(404);
    const cancelled = (await givenEncounter(asDoctor, patientId)).id;
    await asDoctor.post(`/encounters/${cancelled}/cancel`).send({});
    expect((await post(asDoctor, { ...PENICILLIN, encounterId: cancelled })).body.code).toBe('EMR.ENCOUNTER_VOID');

    const before = (await audited('patients.PatientDataAccessed.v1', ward.nurse.userId)).length;
    const read = await apiAs(t, ward.nurse, 'TREAT').get(`/patients/${patientId}/allergies`);
    const served = (await audited('patients.PatientDataAccessed.v1', ward.nurse.userId)).slice(before);
    expect(served).toHaveLength((read.body.items as unknown[]).length);
    expect(served[0].payload).toMatchObject({ patientId, resourceType: 'emr.allergies', access: 'list' });
    await apiAs(t, ward.nurse, 'TREAT').get(`/allergies/${anAllergy.id}`).expect(200);
    expect((await audited('patients.PatientDataAccessed.v1', ward.nurse.userId)).at(-1)?.payload).toEqual({
      patientId,
      resourceType: 'emr.allergies',
      access: 'read',
      purposeOfUse: 'TREAT',
    });

    const grant = await t
      .http()
      .post('/api/v1/auth/emergency-access')
      .set('Authorization', bearer(ward.oncologist.accessToken))
      .send({ patientId, reason: 'Anaphylaxis in the waiting room' });
    expect(grant.status).toBe(201);
    const opened = await apiAs(t, ward.oncologist, 'ETREAT').get(`/patients/${patientId}/allergies`);
    expect(opened.status).toBe(200);
    expect(opened.body.assertion).toBe('has-allergies');
    expect((await audited('patients.PatientDataAccessed.v1', ward.oncologist.userId)).at(-1)?.payload).toMatchObject({
      resourceType: 'emr.allergies',
      emergencyGrantId: grant.body.grantId,
    });
    const one = await apiAs(t, ward.oncologist, 'ETREAT').get(`/allergies/${anAllergy.id}`);
    expect([one.status, one.body.id]).toEqual([200, anAllergy.id]);
    expect((await audited('patients.PatientDataAccessed.v1', ward.oncologist.userId)).at(-1)?.payload).toMatchObject({
      resourceType: 'emr.allergies',
      access: 'read',
      emergencyGrantId: grant.body.grantId,
    });
    // A grant opens records for reading only.
    expect((await post(oncologist, PENICILLIN)).status).toBe(404);
  });
});
