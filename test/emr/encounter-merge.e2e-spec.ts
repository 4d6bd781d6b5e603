import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainEvent } from '@hms/ddd';
import { waitFor } from '@hms/testing';
import { MoveEncountersOnMerge } from '../../src/modules/emr/application/events/move-encounters-on-merge.handler.js';
import { PatientMerged } from '../../src/modules/patients/index.js';
import { toEnvelope, type OutboxRow as StoredOutboxRow } from '../../src/infrastructure/events/outbox-row.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, outboxRows } from '../patients/support/patients-api.js';
import { givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';

/**
 * A merge moves the duplicate's encounters to the surviving record through
 * the worker (relay, queue, dispatcher and inbox, as in production), once;
 * a new encounter for the merged record answers 409 naming the survivor.
 */
describe('encounters of merged patients', () => {
  let t: TestApp;
  let ward: Ward;
  let asDoctor: Api;
  let asOfficer: Api;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    asDoctor = apiAs(t, ward.doctor);
    asOfficer = apiAs(t, ward.officer);
  });
  afterAll(() => t?.close());

  const patientOf = async (encounterId: string) =>
    (
      await t.db.query<{ patient_id: string; version: number }>('SELECT patient_id, version FROM encounters WHERE id = $1', [
        encounterId,
      ])
    )[0];

  it('moves the duplicate’s encounters to the surviving record once, each a new version, and lists them under either id', async () => {
    const duplicate = await givenPatient(t, ward);
    const survivor = await givenPatient(t, ward);
    const first = await givenEncounter(asDoctor, duplicate, { reasonText: 'Knee pain' });
    const second = await givenEncounter(asDoctor, duplicate, { status: 'in-progress' });
    const own = await givenEncounter(asDoctor, survivor);

    const merged = await asOfficer.post(`/patients/${duplicate}/merge`).send({ intoPatientId: survivor });
    expect(merged.status).toBe(200);
    await waitFor(
      async () => (await patientOf(first.id)).patient_id === survivor && (await patientOf(second.id)).patient_id === survivor,
      'the merge to move the encounters',
    );
    expect(await patientOf(first.id)).toEqual({ patient_id: survivor, version: 2 });
    expect(await patientOf(second.id)).toEqual({ patient_id: survivor, version: 2 });
    expect(await patientOf(own.id)).toEqual({ patient_id: survivor, version: 1 });
    const [moved] = await outboxRows(t, first.id, 'emr.EncounterMovedByMerge.v1');
    expect(moved).toMatchObject({
      aggregate_version: 2,
      payload: { encounterId: first.id, patientId: survivor, previousPatientId: duplicate },
      actor: { kind: 'system', id: 'event-handler:MoveEncountersOnMerge' },
    });
    expect(moved.payload.reasonRecorded).toBe(true);

    for (const id of [duplicate, survivor]) {
      const list = await asDoctor.get(`/patients/${id}/encounters`);
      expect(list.status).toBe(200);
      expect((list.body.items as { id: string }[]).map((e) => e.id).sort()).toEqual([first.id, second.id, own.id].sort());
    }
    const read = await asDoctor.get(`/encounters/${first.id}`);
    expect(read.body).toMatchObject({ patientId: survivor, version: 2, reasonText: 'Knee pain' });

    // Delivered again (the dispatcher's inbox aside), the handler finds nothing left to move.
    const [stored] = await t.db.query<StoredOutboxRow>(`SELECT * FROM outbox WHERE type = $1 AND aggregate_id = $2`, [
      PatientMerged.TYPE,
      duplicate,
    ]);
    await t.app.get(MoveEncountersOnMerge).handle(DomainEvent.rehydrate(PatientMerged, toEnvelope(stored)));
    expect(await patientOf(first.id)).toEqual({ patient_id: survivor, version: 2 });
    expect(await outboxRows(t, first.id, 'emr.EncounterMovedByMerge.v1')).toHaveLength(1);
  });

  it('refuses a new encounter for a merged record with 409 naming the surviving record, writing nothing', async () => {
    const duplicate = await givenPatient(t, ward);
    const survivor = await givenPatient(t, ward);
    expect((await asOfficer.post(`/patients/${duplicate}/merge`).send({ intoPatientId: survivor })).status).toBe(200);
    const [{ n: before }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM encounters');
    const res = await asDoctor.post(`/patients/${duplicate}/encounters`).send({ class: 'AMB' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'EMR.PATIENT_MERGED', survivingPatientId: survivor, patientId: duplicate });
    const [{ n: after }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM encounters');
    expect(after).toBe(before);
    expect((await asDoctor.post(`/patients/${survivor}/encounters`).send({ class: 'AMB' })).status).toBe(201);
  });
});
