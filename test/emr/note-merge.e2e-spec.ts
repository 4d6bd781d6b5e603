import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainEvent } from '@hms/ddd';
import { waitFor } from '@hms/testing';
import { MoveNotesOnMerge } from '../../src/modules/emr/application/events/move-notes-on-merge.handler.js';
import { PatientMerged } from '../../src/modules/patients/index.js';
import { toEnvelope, type OutboxRow as StoredOutboxRow } from '../../src/infrastructure/events/outbox-row.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, outboxRows } from '../patients/support/patients-api.js';
import { givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { givenNote, givenSignedNote } from './support/note-api.js';

/**
 * A merge moves the duplicate's notes (every version) to the surviving
 * record through the worker, once, each a new version; they stay readable
 * under either id.
 */
describe('notes of merged patients', () => {
  let t: TestApp;
  let ward: Ward;
  let asDoctor: Api;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    asDoctor = apiAs(t, ward.doctor);
  });
  afterAll(() => t?.close());

  const rowOf = async (noteId: string) =>
    (
      await t.db.query<{ patient_id: string; version: number }>('SELECT patient_id, version FROM clinical_notes WHERE id = $1', [
        noteId,
      ])
    )[0];

  it('moves every version of the duplicate’s notes once, each a new version, and keeps them readable', async () => {
    const duplicate = await givenPatient(t, ward);
    const survivor = await givenPatient(t, ward);
    const encounter = await givenEncounter(asDoctor, duplicate, { status: 'in-progress' });
    const draft = await givenNote(asDoctor, encounter.id, { text: 'Draft of the duplicate' });
    const signed = await givenSignedNote(asDoctor, encounter.id, { text: 'Signed of the duplicate' });
    const amendment = await asDoctor.post(`/notes/${signed.id}/amendments`).send({ text: 'Amended', reason: 'Typo' });
    expect(amendment.status).toBe(201);
    const ofSurvivor = await givenNote(asDoctor, (await givenEncounter(asDoctor, survivor, { status: 'in-progress' })).id);

    const merged = await apiAs(t, ward.officer).post(`/patients/${duplicate}/merge`).send({ intoPatientId: survivor });
    expect(merged.status).toBe(200);
    const ids = [draft.id, signed.id, amendment.body.id as string];
    await waitFor(
      async () => (await Promise.all(ids.map(rowOf))).every((row) => row.patient_id === survivor),
      'the merge to move the notes',
    );
    expect(await rowOf(draft.id)).toEqual({ patient_id: survivor, version: 2 });
    expect(await rowOf(signed.id)).toEqual({ patient_id: survivor, version: 4 });
    expect(await rowOf(amendment.body.id as string)).toEqual({ patient_id: survivor, version: 2 });
    expect(await rowOf(ofSurvivor.id)).toEqual({ patient_id: survivor, version: 1 });
    const [moved] = await outboxRows(t, signed.id, 'emr.NoteMovedByMerge.v1');
    expect(moved).toMatchObject({
      aggregate_version: 4,
      payload: { noteId: signed.id, patientId: survivor, previousPatientId: duplicate, status: 'amended' },
      actor: { kind: 'system', id: 'event-handler:MoveNotesOnMerge' },
    });
    expect(JSON.stringify(moved.payload)).not.toContain('Signed of the duplicate');

    const read = await asDoctor.get(`/notes/${signed.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ patientId: survivor, version: 4, text: 'Signed of the duplicate', status: 'amended' });
    // Still signed by its author, still the author's draft to sign.
    expect((await asDoctor.post(`/notes/${draft.id}/sign`).send({})).body).toMatchObject({ status: 'final', version: 3 });

    // Delivered again (the dispatcher's inbox aside), the handler finds nothing left to move.
    const [stored] = await t.db.query<StoredOutboxRow>(`SELECT * FROM outbox WHERE type = $1 AND aggregate_id = $2`, [
      PatientMerged.TYPE,
      duplicate,
    ]);
    await t.app.get(MoveNotesOnMerge).handle(DomainEvent.rehydrate(PatientMerged, toEnvelope(stored)));
    expect(await rowOf(signed.id)).toEqual({ patient_id: survivor, version: 4 });
    expect(await outboxRows(t, signed.id, 'emr.NoteMovedByMerge.v1')).toHaveLength(1);
  });
});
