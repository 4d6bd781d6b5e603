import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, linkCare } from '../patients/support/patients-api.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { givenDiagnosis } from './support/conditions-api.js';

interface Entry {
  kind: string;
  id: string;
}

/**
 * Allergies and the problem list are the patient's, not one department's: a clinician whose
 * emr:read reaches the patient (here through the patient's link to their department) reads every
 * one of them, whoever filed them, while encounter records stay with the department that holds them.
 */
describe('patient-wide records (allergies, problems)', () => {
  let t: TestApp;
  let ward: Ward;
  let patientId: string;
  let allergyId: string;
  let problemId: string;
  let encounterId: string;
  let diagnosisId: string;

  const audited = (type: string, userId: string) =>
    queryAudited<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM ${AUDITED_EVENTS} WHERE type = $1 AND actor->>'id' = $2 ORDER BY sequence`,
      [type, userId],
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    patientId = await givenPatient(t, ward);
    const asNurse = apiAs(t, ward.nurse);
    const asDoctor = apiAs(t, ward.doctor);
    // Filed under cardiology: neither names an encounter.
    const allergy = await asNurse.post(`/patients/${patientId}/allergies`).send({
      substance: 'Penicillin V',
      criticality: 'high',
      reactions: [{ manifestation: 'Anaphylaxis', severity: 'severe' }],
      verificationStatus: 'confirmed',
    });
    expect(allergy.status).toBe(201);
    allergyId = allergy.body.id as string;
    const problem = await asDoctor
      .post(`/patients/${patientId}/problems`)
      .send({ code: 'E11.9', display: 'Type 2 diabetes mellitus', verificationStatus: 'confirmed', onsetDate: '2019-03-01' });
    expect(problem.status).toBe(201);
    problemId = problem.body.id as string;
    encounterId = (await givenEncounter(asDoctor, patientId, { status: 'in-progress' })).id;
    diagnosisId = (await givenDiagnosis(asDoctor, encounterId)).id;
    const [filed] = await t.db.query<{ department_id: string }>('SELECT department_id FROM allergy_intolerances WHERE id = $1', [
      allergyId,
    ]);
    expect(filed.department_id).toBe(ward.cardiology);
  });
  afterAll(() => t?.close());

  it('stay closed to a department the patient is not linked to (404, audited)', async () => {
    const oncologist = apiAs(t, ward.oncologist);
    expect((await oncologist.get(`/patients/${patientId}/allergies`)).status).toBe(404);
    expect((await oncologist.get(`/allergies/${allergyId}`)).status).toBe(404);
    expect((await oncologist.get(`/patients/${patientId}/problems`)).status).toBe(404);
    expect((await oncologist.get(`/problems/${problemId}`)).status).toBe(404);
    expect((await oncologist.get(`/patients/${patientId}/timeline`)).status).toBe(404);
    const refusals = await audited('authz.AccessDenied.v1', ward.oncologist.userId);
    expect(refusals.map((r) => r.payload.resourceType)).toEqual([
      'Patient',
      'emr.allergies',
      'Patient',
      'emr.problems',
      'Patient',
    ]);
    expect(await audited('patients.PatientDataAccessed.v1', ward.oncologist.userId)).toEqual([]);
  });

  it('open to every department the patient is linked to, wherever they were filed; encounter records do not follow', async () => {
    // The patient comes under oncology's care (as an oncology front desk would link them).
    await linkCare(t, patientId, 'department', ward.oncology);
    const oncologist = apiAs(t, ward.oncologist);

    const allergies = await oncologist.get(`/patients/${patientId}/allergies`);
    expect(allergies.status).toBe(200);
    expect(allergies.body.assertion).toBe('has-allergies');
    expect(allergies.body.items).toEqual([
      expect.objectContaining({ id: allergyId, substance: 'Penicillin V', criticality: 'high' }),
    ]);
    const one = await oncologist.get(`/allergies/${allergyId}`);
    expect([one.status, one.headers.etag, one.body.reactions]).toEqual([
      200,
      '"1"',
      [{ manifestation: 'Anaphylaxis', severity: 'severe' }],
    ]);

    const problems = await oncologist.get(`/patients/${patientId}/problems`);
    expect(problems.status).toBe(200);
    expect((problems.body.items as { id: string }[]).map((p) => p.id)).toEqual([problemId]);
    expect((await oncologist.get(`/problems/${problemId}`)).status).toBe(200);

    // The cardiology encounter and its diagnosis stay cardiology's.
    const timeline = await oncologist.get(`/patients/${patientId}/timeline`);
    expect(timeline.status).toBe(200);
    const entries = timeline.body.items as Entry[];
    expect(entries.map((e) => [e.kind, e.id]).sort()).toEqual(
      [
        ['allergy', allergyId],
        ['problem', problemId],
      ].sort(),
    );
    expect(entries.map((e) => e.id)).not.toContain(encounterId);
    expect(entries.map((e) => e.id)).not.toContain(diagnosisId);
    expect((await oncologist.get(`/encounters/${encounterId}`)).status).toBe(404);
    expect((await oncologist.get(`/encounters/${encounterId}/diagnoses`)).status).toBe(404);

    // Each read is an audited access, under the reader's own scope (no grant).
    const reads = (await audited('patients.PatientDataAccessed.v1', ward.oncologist.userId)).map((e) => e.payload);
    expect(reads.map((p) => [p.resourceType, p.emergencyGrantId ?? null])).toEqual([
      ['emr.allergies', null],
      ['emr.allergies', null],
      ['emr.problems', null],
      ['emr.problems', null],
      // The timeline's page: newest first, the problem was recorded after the allergy.
      ['emr.problems', null],
      ['emr.allergies', null],
    ]);
    expect(reads.every((p) => p.patientId === patientId)).toBe(true);
  });

  it('writes stay with the department that filed them: a change from elsewhere is refused as out of scope', async () => {
    const oncologist = apiAs(t, ward.oncologist);
    const patch = await oncologist.patch(`/allergies/${allergyId}`).set('If-Match', '"1"').send({ criticality: 'low' });
    expect(patch.status).toBe(404);
    const [row] = await t.db.query<{ criticality: string; version: number }>(
      'SELECT criticality, version FROM allergy_intolerances WHERE id = $1',
      [allergyId],
    );
    expect(row).toEqual({ criticality: 'high', version: 1 });
    // A new record of their own is theirs to write, and cardiology then reads it too.
    const own = await oncologist
      .post(`/patients/${patientId}/allergies`)
      .send({ substance: 'Latex', category: ['environment'], verificationStatus: 'unconfirmed' });
    expect(own.status).toBe(201);
    const seen = await apiAs(t, ward.nurse).get(`/patients/${patientId}/allergies`);
    expect((seen.body.items as { id: string }[]).map((a) => a.id).sort()).toEqual([allergyId, own.body.id].sort());
  });
});
