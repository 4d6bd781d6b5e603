import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs as hospitalsApiAs, fixture, importedBatch, type Api as HospitalsApi } from '../hospitals/support/hospitals-api.js';
import { linkCare, patientBody } from './support/patients-api.js';

/** Deleting an import batch asks the patients context (CountPatientsInHospitals) whether patients refer to its hospitals. */
describe('hospital batch deletion and the patients registered there', () => {
  let t: TestApp;
  let asAdmin: HospitalsApi;
  /** Registers the patients: admin opens no patient record (ADR 25). */
  let asOfficer: HospitalsApi;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    asAdmin = hospitalsApiAs(t, await tokenFor(t, 'admin'));
    asOfficer = hospitalsApiAs(t, await tokenFor(t, 'records_officer'));
  });
  afterAll(() => t.close());

  const imported = () => importedBatch(asAdmin, fixture('valid.csv'));
  const hospitalsOf = async (batchId: string) =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hospitals WHERE batch_id = $1', [batchId]))[0].n;

  it('refuses (409) to delete a batch when a patient is registered at one of its hospitals, deleting nothing', async () => {
    const batch = await imported();
    const patient = await asOfficer.post('/patients').send(patientBody({ registeringHospitalId: batch.hospitals[1].id }));
    expect(patient.status).toBe(201);
    const res = await asAdmin.delete(`/hospitals/batch/${batch.batchId}`);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'HOSPITAL.BATCH_REFERENCED',
      detail: expect.stringContaining('1 patients'),
      references: { departments: 0, users: 0, patients: 1 },
    });
    expect(await hospitalsOf(batch.batchId)).toBe(3);
  });

  it('refuses it too when a patient is only linked to one of its hospitals', async () => {
    const home = await imported();
    const batch = await imported();
    const patient = await asOfficer.post('/patients').send(patientBody({ registeringHospitalId: home.hospitals[0].id }));
    await linkCare(t, patient.body.id as string, 'hospital', batch.hospitals[2].id, 'referral');
    const res = await asAdmin.delete(`/hospitals/batch/${batch.batchId}`);
    expect(res.status).toBe(409);
    expect(res.body.references).toMatchObject({ patients: 1 });
    expect(await hospitalsOf(batch.batchId)).toBe(3);
  });

  it('deletes a batch no patient refers to', async () => {
    const batch = await imported();
    expect((await asAdmin.delete(`/hospitals/batch/${batch.batchId}`)).status).toBe(204);
    expect(await hospitalsOf(batch.batchId)).toBe(0);
  });
});
