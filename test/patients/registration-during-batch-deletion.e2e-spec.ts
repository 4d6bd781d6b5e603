import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs as hospitalsApiAs, fixture, importedBatch, type Api } from '../hospitals/support/hospitals-api.js';
import { patientBody } from './support/patients-api.js';

const ROUNDS = 20;

/**
 * A registration asks the hospitals context for its hospital inside its own
 * transaction, holding the row (FOR KEY SHARE); a batch deletion locks its
 * hospitals (FOR UPDATE) before counting their patients. Raced over HTTP, one
 * of the two must lose, and no patient may be left at a deleted hospital.
 */
describe('registering a patient while the hospital batch is deleted', () => {
  let t: TestApp;
  let asAdmin: Api;
  /** Registers the patients: admin opens no patient record (ADR 25). */
  let asOfficer: Api;

  // A small pool: a unit of work that took a second connection for its nested queries would run out.
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000', DB_POOL_SIZE: '2' } });
    asAdmin = hospitalsApiAs(t, await tokenFor(t, 'admin'));
    asOfficer = hospitalsApiAs(t, await tokenFor(t, 'records_officer'));
  });
  afterAll(() => t.close());

  const imported = () => importedBatch(asAdmin, fixture('valid.csv'));
  const count = async (sql: string, params: unknown[]) => (await t.db.query<{ n: number }>(sql, params))[0].n;

  it(`ends each of ${ROUNDS} races in exactly one of the two consistent outcomes`, async () => {
    const outcomes = { registered: 0, deleted: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      const batch = await imported();
      const hospitalId = batch.hospitals[round % batch.hospitals.length].id;
      const [registration, deletion] = await Promise.all([
        asOfficer.post('/patients').send(patientBody({ registeringHospitalId: hospitalId })),
        asAdmin.delete(`/hospitals/batch/${batch.batchId}`),
      ]);
      const seen = `round ${round}: registration ${registration.status} ${registration.body.code ?? ''}, deletion ${deletion.status}`;
      const patients = await count('SELECT count(*)::int AS n FROM patients WHERE registering_hospital_id = $1', [hospitalId]);
      const hospitals = await count('SELECT count(*)::int AS n FROM hospitals WHERE batch_id = $1', [batch.batchId]);
      if (registration.status === 201) {
        expect({ seen, deletion: deletion.status, code: deletion.body.code }).toEqual({
          seen,
          deletion: 409,
          code: 'HOSPITAL.BATCH_REFERENCED',
        });
        expect({ seen, patients, hospitals }).toEqual({ seen, patients: 1, hospitals: 3 });
        outcomes.registered += 1;
      } else {
        expect({ seen, registration: registration.status, code: registration.body.code, deletion: deletion.status }).toEqual({
          seen,
          registration: 422,
          code: 'PATIENT.UNKNOWN_HOSPITAL',
          deletion: 204,
        });
        expect({ seen, patients, hospitals }).toEqual({ seen, patients: 0, hospitals: 0 });
        outcomes.deleted += 1;
      }
    }
    expect(outcomes.registered + outcomes.deleted).toBe(ROUNDS);
    // Whatever the interleavings, no patient points at a hospital that no longer exists.
    expect(
      await count(
        'SELECT count(*)::int AS n FROM patients p WHERE NOT EXISTS (SELECT 1 FROM hospitals h WHERE h.id = p.registering_hospital_id)',
        [],
      ),
    ).toBe(0);
  }, 120_000);

  it('registers 10 patients at once on a pool of 2 connections: each unit of work asks GetHospital on its own connection', async () => {
    const batch = await imported();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        asOfficer.post('/patients').send(patientBody({ registeringHospitalId: batch.hospitals[i % 3].id })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 201));
    const ids = batch.hospitals.map((h) => h.id);
    expect(await count('SELECT count(*)::int AS n FROM patients WHERE registering_hospital_id = ANY($1)', [ids])).toBe(10);
  }, 60_000);

  it('refuses 10 concurrent deletions of referenced batches (409) on that pool, asking the other contexts inside each transaction', async () => {
    const batches = await Promise.all(Array.from({ length: 5 }, () => imported()));
    for (const batch of batches) {
      expect((await asOfficer.post('/patients').send(patientBody({ registeringHospitalId: batch.hospitals[0].id }))).status).toBe(
        201,
      );
    }
    const results = await Promise.all(
      [...batches, ...batches].map((batch) => asAdmin.delete(`/hospitals/batch/${batch.batchId}`)),
    );
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 409));
  }, 60_000);
});
