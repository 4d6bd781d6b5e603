import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainEvent } from '@hms/ddd';
import { waitFor } from '@hms/testing';
import { MoveVitalsAndAllergiesOnMerge } from '../../src/modules/emr/application/events/move-vitals-and-allergies-on-merge.handler.js';
import { PatientMerged } from '../../src/modules/patients/index.js';
import { toEnvelope, type OutboxRow as StoredOutboxRow } from '../../src/infrastructure/events/outbox-row.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, outboxRows } from '../patients/support/patients-api.js';
import { givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { FULL_SET, givenOpenEncounter } from './support/clinical-records.js';

/**
 * A merge moves the duplicate's vitals and allergies to the surviving record
 * through the worker, once, and leaves no active "no known allergies" beside
 * the allergies the merged lists now share.
 */
describe('vitals and allergies of merged patients', () => {
  let t: TestApp;
  let ward: Ward;
  let asDoctor: Api;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    asDoctor = apiAs(t, ward.doctor);
  });
  afterAll(() => t?.close());

  it('moves the sets, observations and allergies, each a new version, and makes the survivor’s assertion inactive', async () => {
    const duplicate = await givenPatient(t, ward);
    const survivor = await givenPatient(t, ward);
    const encounterId = await givenOpenEncounter(asDoctor, duplicate);
    const set = await asDoctor.post(`/encounters/${encounterId}/vitals`).send({ observations: FULL_SET.slice(0, 2) });
    expect(set.status).toBe(201);
    const allergy = await asDoctor
      .post(`/patients/${duplicate}/allergies`)
      .send({ substance: 'Latex', category: ['environment'] });
    const nka = await asDoctor.post(`/patients/${survivor}/allergies`).send({ noKnownAllergies: true });
    expect([allergy.status, nka.status]).toEqual([201, 201]);

    const merged = await apiAs(t, ward.officer).post(`/patients/${duplicate}/merge`).send({ intoPatientId: survivor });
    expect(merged.status).toBe(200);
    const ownerOf = async (table: string, id: string) =>
      (
        await t.db.query<{ patient_id: string; version: number }>(`SELECT patient_id, version FROM ${table} WHERE id = $1`, [id])
      )[0];
    await waitFor(
      async () =>
        (await ownerOf('vital_sets', set.body.id as string)).patient_id === survivor &&
        (await ownerOf('allergy_intolerances', allergy.body.id as string)).patient_id === survivor,
      'the merge to move vitals and allergies',
    );
    expect(await ownerOf('vital_sets', set.body.id as string)).toEqual({ patient_id: survivor, version: 2 });
    const observations = await t.db.query<{ patient_id: string }>('SELECT patient_id FROM vital_observations WHERE set_id = $1', [
      set.body.id,
    ]);
    expect(observations.map((o) => o.patient_id)).toEqual([survivor, survivor]);
    expect(await ownerOf('allergy_intolerances', allergy.body.id as string)).toEqual({ patient_id: survivor, version: 2 });
    const [moved] = await outboxRows(t, set.body.id as string, 'emr.VitalsMovedByMerge.v1');
    expect(moved.payload).toMatchObject({ patientId: survivor, previousPatientId: duplicate, vitalSetId: set.body.id });
    const [movedAllergy] = await outboxRows(t, allergy.body.id as string, 'emr.AllergyMovedByMerge.v1');
    expect(movedAllergy).toMatchObject({ aggregate_version: 2, payload: { patientId: survivor, previousPatientId: duplicate } });

    for (const id of [duplicate, survivor]) {
      const allergies = await asDoctor.get(`/patients/${id}/allergies`);
      expect(allergies.body.assertion).toBe('has-allergies');
      expect((allergies.body.items as { id: string; clinicalStatus: string }[]).map((a) => [a.id, a.clinicalStatus])).toEqual([
        [nka.body.id, 'inactive'],
        [allergy.body.id, 'active'],
      ]);
      const vitals = await asDoctor.get(`/patients/${id}/vitals`);
      expect((vitals.body.items as { vitalSetId: string }[]).map((o) => o.vitalSetId)).toEqual([set.body.id, set.body.id]);
    }
    const [assertions] = await t.db.query('SELECT active_nka, active_allergies FROM allergy_assertions WHERE patient_id = $1', [
      survivor,
    ]);
    expect(assertions).toEqual({ active_nka: 0, active_allergies: 1 });

    // Delivered again, the handler finds nothing left to move.
    const [stored] = await t.db.query<StoredOutboxRow>(`SELECT * FROM outbox WHERE type = $1 AND aggregate_id = $2`, [
      PatientMerged.TYPE,
      duplicate,
    ]);
    await t.app.get(MoveVitalsAndAllergiesOnMerge).handle(DomainEvent.rehydrate(PatientMerged, toEnvelope(stored)));
    expect(await ownerOf('vital_sets', set.body.id as string)).toEqual({ patient_id: survivor, version: 2 });
    expect(await outboxRows(t, allergy.body.id as string, 'emr.AllergyMovedByMerge.v1')).toHaveLength(1);
  });
});
