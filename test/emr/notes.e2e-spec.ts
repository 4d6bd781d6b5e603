import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appendAll } from '../audit/support/audit-store.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { apiAs, type Api, fieldsOf, outboxRows, PROBLEM } from '../patients/support/patients-api.js';
import { givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { eventsAndAuditText, givenNote, givenSignedNote, noteWriteCounts } from './support/note-api.js';

const TEXT = 'Quillon murmur grade 3, radiating to the axilla; plan echo';
const CORRECTED = 'Quillon murmur grade 2 (not 3), radiating to the axilla; plan echo';
const LATE_REASON = 'Zephyrine handover notes found after discharge';
const AMEND_REASON = 'Vantablack grading misread from the old chart';
const SECRETS = ['Quillon', 'Zephyrine', 'Vantablack'];
/** The fields a 400 names, each once (a missing field fails more than one of its rules). */
const fieldsNamed = (body: { errors?: { field: string }[] }) => [...new Set(fieldsOf(body))];

interface StoredNote {
  text: string;
  late_entry_reason: string | null;
  amendment_reason: string | null;
  pii_key_id: string;
  status: string;
  version: number;
}

/**
 * Clinical notes over HTTP: drafts, signatures by their authors, amendments
 * as new versions, late entries, every refusal with its status and code,
 * versions and ETags, the texts encrypted and nowhere else, and the races.
 */
describe('clinical notes', () => {
  let t: TestApp;
  let ward: Ward;
  let asDoctor: Api;
  let asNurse: Api;
  /** Another doctor of cardiology: not the author of the doctor's notes, but may sign over the encounter. */
  let colleague: UserWithTokens;
  let asColleague: Api;
  let patientId: string;
  let encounterId: string;

  const stored = async (id: string) =>
    (
      await t.db.query<StoredNote>(
        'SELECT text, late_entry_reason, amendment_reason, pii_key_id, status, version FROM clinical_notes WHERE id = $1',
        [id],
      )
    )[0];
  const denials = (userId: string, noteId: string) =>
    queryAudited<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM ${AUDITED_EVENTS} WHERE type = 'authz.AccessDenied.v1' AND actor->>'id' = $1
         AND payload->>'resourceId' = $2 ORDER BY sequence`,
      [userId, noteId],
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    asDoctor = apiAs(t, ward.doctor);
    asNurse = apiAs(t, ward.nurse);
    colleague = await tokenFor(t, 'doctor', { hospitalId: ward.hospitalId, departmentId: ward.cardiology, profession: 'doctor' });
    asColleague = apiAs(t, colleague);
    patientId = await givenPatient(t, ward);
    encounterId = (await givenEncounter(asDoctor, patientId, { status: 'in-progress' })).id;
  });
  afterAll(() => t?.close());

  it('writes a draft with its ETag and LOINC type, the text encrypted at rest and in no event, audit entry or log line', async () => {
    const res = await asDoctor.post(`/encounters/${encounterId}/notes`).send({ type: 'consultation', text: `  ${TEXT}  ` });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/notes/${res.body.id}`);
    expect(res.body).toMatchObject({
      encounterId,
      patientId,
      hospitalId: ward.hospitalId,
      departmentId: ward.cardiology,
      type: 'consultation',
      typeCode: '11488-4',
      status: 'preliminary',
      authorId: ward.doctor.userId,
      text: TEXT,
      lateEntry: false,
      lateEntryReason: null,
      signedAt: null,
      amendsNoteId: null,
      amendmentReason: null,
      originalNoteId: res.body.id,
      amendedByNoteId: null,
      version: 1,
    });

    const got = await asDoctor.get(`/notes/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.etag).toBe('"1"');
    expect(got.body).toEqual(res.body);

    const row = await stored(res.body.id as string);
    expect(row.text).toMatch(/^v1\./);
    expect(row.text).not.toContain('Quillon');
    expect(row.pii_key_id).toBe(row.text.split('.')[1]);
    const [event] = await outboxRows(t, res.body.id as string);
    expect(event).toMatchObject({
      type: 'emr.NoteDrafted.v1',
      aggregate_type: 'Note',
      aggregate_version: 1,
      payload: {
        noteId: res.body.id,
        patientId,
        encounterId,
        type: 'consultation',
        typeCode: '11488-4',
        status: 'preliminary',
        authorId: ward.doctor.userId,
        textRecorded: true,
      },
    });
    expect(await eventsAndAuditText(t)).not.toContain('Quillon');
    expect(t.logs.text()).not.toContain('Quillon');
  });

  it('lets the author change a draft under If-Match only: 428 without, 412 when stale, nothing new when nothing changes', async () => {
    const note = await givenNote(asDoctor, encounterId, { text: TEXT });
    const path = `/notes/${note.id}`;
    const before = await noteWriteCounts(t);
    const missing = await asDoctor.patch(path).send({ text: CORRECTED });
    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe('COMMON.PRECONDITION_REQUIRED');
    expect(await noteWriteCounts(t)).toEqual(before);

    const changed = await asDoctor.patch(path).set('If-Match', '"1"').send({ text: CORRECTED, type: 'admission' });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.body).toMatchObject({ text: CORRECTED, type: 'admission', typeCode: '51849-8', version: 2 });
    const [updated] = await outboxRows(t, note.id, 'emr.NoteUpdated.v1');
    expect(updated.payload).toMatchObject({ changedFields: ['type', 'text'], typeCode: '51849-8', status: 'preliminary' });

    const stale = await asDoctor.patch(path).set('If-Match', '"1"').send({ text: TEXT });
    expect(stale.status).toBe(412);
    expect(stale.headers['content-type']).toMatch(PROBLEM);
    expect(stale.body.code).toBe('COMMON.VERSION_MISMATCH');
    const same = await asDoctor.patch(path).set('If-Match', '"2"').send({ text: CORRECTED });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(2);
    expect(await outboxRows(t, note.id, 'emr.NoteUpdated.v1')).toHaveLength(1);
    expect((await asDoctor.get(path)).body).toMatchObject({ text: CORRECTED, version: 2 });
    expect(JSON.stringify([missing.body, stale.body])).not.toContain('Quillon');
  });

  it('refuses another user’s edit or signature of a draft (403, audited), and a nurse’s signature (no emr:sign)', async () => {
    const note = await givenNote(asDoctor, encounterId, { text: TEXT });
    const before = await noteWriteCounts(t);
    const edit = await asColleague.patch(`/notes/${note.id}`).set('If-Match', '"1"').send({ text: 'Overwritten' });
    expect(edit.status).toBe(403);
    expect(edit.headers['content-type']).toMatch(PROBLEM);
    expect(edit.body).toMatchObject({ code: 'EMR.NOT_NOTE_AUTHOR', noteId: note.id });
    const sign = await asColleague.post(`/notes/${note.id}/sign`).send({});
    expect(sign.status).toBe(403);
    expect(sign.body.code).toBe('EMR.NOT_NOTE_AUTHOR');
    expect((await denials(colleague.userId, note.id)).map((d) => d.payload)).toEqual([
      expect.objectContaining({ reason: 'not-author', permission: 'emr:write', resourceType: 'Note' }),
      expect.objectContaining({ reason: 'not-author', permission: 'emr:sign', resourceType: 'Note' }),
    ]);

    // A nurse writes notes but does not sign them by default: the guard refuses, audited.
    const nursing = await givenNote(asNurse, encounterId, { type: 'nursing', text: 'Obs stable, pain 2/10' });
    expect(nursing).toMatchObject({ status: 'preliminary', typeCode: '34746-8', authorId: ward.nurse.userId });
    const nurseSigns = await asNurse.post(`/notes/${nursing.id}/sign`).send({});
    expect(nurseSigns.status).toBe(403);
    const [refusal] = await queryAudited<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM ${AUDITED_EVENTS} WHERE type = 'authz.AccessDenied.v1' AND actor->>'id' = $1`,
      [ward.nurse.userId],
    );
    expect(refusal.payload).toMatchObject({ reason: 'missing-permission', permission: 'emr:sign', method: 'POST' });
    expect((await asNurse.get(`/notes/${nursing.id}`)).body).toMatchObject({ status: 'preliminary', version: 1 });
    // Not the nurse's draft, so a doctor cannot sign it either: it stays a draft.
    expect((await asDoctor.post(`/notes/${nursing.id}/sign`).send({})).status).toBe(403);

    expect((await asDoctor.get(`/notes/${note.id}`)).body).toMatchObject({ text: TEXT, status: 'preliminary', version: 1 });
    const after = await noteWriteCounts(t);
    expect(after.outbox).toBe(before.outbox + 1); // the nurse's draft, nothing else
    expect(after.notes).toBe(before.notes + 1);
  });

  it('signs a draft once (a second signature 409), and a signed note no longer changes (409), the refusals naming no text', async () => {
    const note = await givenNote(asDoctor, encounterId, { text: TEXT });
    const stale = await asDoctor.post(`/notes/${note.id}/sign`).set('If-Match', '"7"').send({});
    expect(stale.status).toBe(412);
    const signed = await asDoctor.post(`/notes/${note.id}/sign`).set('If-Match', '"1"').send({});
    expect(signed.status).toBe(200);
    expect(signed.headers.etag).toBe('"2"');
    expect(signed.body).toMatchObject({ status: 'final', version: 2, text: TEXT, authorId: ward.doctor.userId });
    expect(Date.parse(signed.body.signedAt as string)).toBeGreaterThan(Date.now() - 60_000);
    const [event] = await outboxRows(t, note.id, 'emr.NoteSigned.v1');
    expect(event).toMatchObject({ aggregate_version: 2, payload: { status: 'final', signedAt: signed.body.signedAt } });

    const before = await noteWriteCounts(t);
    const again = await asDoctor.post(`/notes/${note.id}/sign`).send({});
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'EMR.NOTE_SIGNED', status: 409 });
    const edit = await asDoctor.patch(`/notes/${note.id}`).set('If-Match', '"2"').send({ text: 'Changed my mind' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('EMR.NOTE_SIGNED');
    // Another doctor meets the authorship rule first.
    expect((await asColleague.patch(`/notes/${note.id}`).set('If-Match', '"2"').send({ text: 'x' })).status).toBe(403);
    expect(await noteWriteCounts(t)).toEqual(before);
    expect(JSON.stringify([again.body, edit.body])).not.toContain('Quillon');
    expect((await stored(note.id)).version).toBe(2);
  });

  it('amends a signed note with a new signed version linked to it; the original stays readable, marked amended', async () => {
    const original = await givenSignedNote(asDoctor, encounterId, { type: 'procedure', text: TEXT });
    const draft = await givenNote(asDoctor, encounterId);
    const before = await noteWriteCounts(t);
    const ofDraft = await asDoctor.post(`/notes/${draft.id}/amendments`).send({ text: CORRECTED, reason: AMEND_REASON });
    expect(ofDraft.status).toBe(409);
    expect(ofDraft.body).toMatchObject({ code: 'EMR.NOTE_NOT_SIGNED', noteId: draft.id });
    const noReason = await asColleague.post(`/notes/${original.id}/amendments`).send({ text: CORRECTED });
    expect(noReason.status).toBe(400);
    expect(fieldsNamed(noReason.body)).toEqual(['reason']);
    const stale = await asColleague
      .post(`/notes/${original.id}/amendments`)
      .set('If-Match', '"1"')
      .send({ text: CORRECTED, reason: AMEND_REASON });
    expect(stale.status).toBe(412);
    expect(await noteWriteCounts(t)).toEqual(before);

    // Another doctor over the encounter amends: amending is not the author's alone.
    const res = await asColleague.post(`/notes/${original.id}/amendments`).send({ text: CORRECTED, reason: AMEND_REASON });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/notes/${res.body.id}`);
    expect(res.body).toMatchObject({
      encounterId,
      type: 'procedure',
      typeCode: '28570-0',
      status: 'final',
      authorId: colleague.userId,
      text: CORRECTED,
      amendsNoteId: original.id,
      amendmentReason: AMEND_REASON,
      originalNoteId: original.id,
      amendedByNoteId: null,
      lateEntry: false,
      version: 1,
    });
    expect(res.body.signedAt).not.toBeNull();
    const old = await asDoctor.get(`/notes/${original.id}`);
    expect(old.status).toBe(200);
    expect(old.headers.etag).toBe('"3"');
    expect(old.body).toMatchObject({ status: 'amended', text: TEXT, amendedByNoteId: res.body.id, version: 3 });

    expect((await outboxRows(t, original.id)).map((e) => [e.type, e.aggregate_version])).toEqual([
      ['emr.NoteDrafted.v1', 1],
      ['emr.NoteSigned.v1', 2],
      ['emr.NoteAmended.v1', 3],
    ]);
    expect((await outboxRows(t, original.id, 'emr.NoteAmended.v1'))[0].payload).toMatchObject({
      status: 'amended',
      amendmentNoteId: res.body.id,
    });
    expect((await outboxRows(t, res.body.id as string)).map((e) => [e.type, e.aggregate_version, e.payload.status])).toEqual([
      ['emr.NoteSigned.v1', 1, 'final'],
    ]);
    const row = await stored(res.body.id as string);
    expect(row.amendment_reason).toMatch(/^v1\./);
    expect(row.amendment_reason).not.toContain('Vantablack');

    // The amended version is amended no more: amend the current one, which the 409 names.
    const twice = await asDoctor.post(`/notes/${original.id}/amendments`).send({ text: 'Third try', reason: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'EMR.NOTE_SUPERSEDED', currentNoteId: res.body.id });
    const next = await asDoctor.post(`/notes/${res.body.id}/amendments`).send({ text: 'Third version', reason: 'Typo' });
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({ amendsNoteId: res.body.id, originalNoteId: original.id, authorId: ward.doctor.userId });
    // A signed amendment is no draft: it is not edited in place.
    expect((await asDoctor.patch(`/notes/${next.body.id}`).set('If-Match', '"1"').send({ text: 'x' })).status).toBe(409);

    const text = await eventsAndAuditText(t);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('serialises two signatures of one draft on its row: exactly one 200 and one 409, one NoteSigned', async () => {
    for (let round = 0; round < 4; round += 1) {
      const note = await givenNote(asDoctor, encounterId, { text: `Signed twice ${round}` });
      const answers = await Promise.all([1, 2].map(() => asDoctor.post(`/notes/${note.id}/sign`).send({})));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(answers.find((r) => r.status === 409)?.body.code).toBe('EMR.NOTE_SIGNED');
      expect((await outboxRows(t, note.id, 'emr.NoteSigned.v1')).map((e) => e.aggregate_version)).toEqual([2]);
    }
  });

  it('holds one current version under concurrent amendments: exactly one 201 and one 409, one new row', async () => {
    for (let round = 0; round < 4; round += 1) {
      const note = await givenSignedNote(asDoctor, encounterId, { text: `Round ${round}` });
      const before = await noteWriteCounts(t);
      const answers = await Promise.all(
        [asDoctor, asColleague].map((api, i) =>
          api.post(`/notes/${note.id}/amendments`).send({ text: `Correction ${i}`, reason: `Reason ${i}` }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
      const winner = answers.find((r) => r.status === 201)!;
      expect(answers.find((r) => r.status === 409)?.body).toMatchObject({
        code: 'EMR.NOTE_SUPERSEDED',
        currentNoteId: winner.body.id,
      });
      expect((await noteWriteCounts(t)).notes).toBe(before.notes + 1);
      const versions = await t.db.query<{ status: string }>(
        'SELECT status FROM clinical_notes WHERE original_note_id = $1 ORDER BY created_at, id',
        [note.id],
      );
      expect(versions.map((v) => v.status)).toEqual(['amended', 'final']);
    }
    // PostgreSQL holds it without the application's lock too.
    const note = await givenSignedNote(asDoctor, encounterId);
    const [{ encounter_id: enc }] = await t.db.query<{ encounter_id: string }>(
      'SELECT encounter_id FROM clinical_notes WHERE id = $1',
      [note.id],
    );
    await expect(
      t.db.query(
        `INSERT INTO clinical_notes (id, encounter_id, patient_id, hospital_id, department_id, type_code, status, author_id,
                                     text, amends_note_id, original_note_id, amendment_reason, pii_key_id, signed_at)
         SELECT $1, $2, patient_id, hospital_id, department_id, type_code, 'final', author_id, text, id, id, text, pii_key_id, now()
           FROM clinical_notes WHERE id = $3`,
        [randomUUID(), enc, note.id],
      ),
    ).rejects.toMatchObject({ constraint: 'clinical_notes_one_current_version' });
  });

  it('refuses empty, oversized and unknown input with 400 naming the field, writing nothing', async () => {
    const before = await noteWriteCounts(t);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ type: 'progress', text: '' }, ['text']],
      [{ type: 'progress', text: '   ' }, ['text']],
      [{ type: 'progress', text: 'Quillon '.repeat(7000) }, ['text']],
      [{ type: 'gossip', text: TEXT }, ['type']],
      [{ type: '11506-3', text: TEXT }, ['type']],
      [{ text: TEXT }, ['type']],
      [{ type: 'progress' }, ['text']],
      [{ type: 'progress', text: TEXT, status: 'final' }, ['status']],
      [{ type: 'progress', text: TEXT, lateEntryReason: '' }, ['lateEntryReason']],
    ];
    for (const [body, fields] of cases) {
      const res = await asDoctor.post(`/encounters/${encounterId}/notes`).send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fieldsNamed(res.body)).toEqual(fields);
      expect(JSON.stringify(res.body)).not.toContain('Quillon');
    }
    const note = await givenNote(asDoctor, encounterId);
    const afterNote = await noteWriteCounts(t);
    const emptied = await asDoctor.patch(`/notes/${note.id}`).set('If-Match', '"1"').send({ text: '' });
    expect(fieldsNamed(emptied.body)).toEqual(['text']);
    const badType = await asDoctor.patch(`/notes/${note.id}`).set('If-Match', '"1"').send({ type: 'memo' });
    expect(fieldsNamed(badType.body)).toEqual(['type']);
    const oversized = await asDoctor.post(`/notes/${note.id}/amendments`).send({ text: 'y'.repeat(50_001), reason: 'r' });
    expect(fieldsNamed(oversized.body)).toEqual(['text']);
    expect(await noteWriteCounts(t)).toEqual(afterNote);
    expect(afterNote.notes).toBe(before.notes + 1);
    expect(t.logs.text()).not.toContain('Quillon');
  });

  it('takes notes on a finished encounter only as flagged late entries with a reason; amendments need none; void ones take nothing', async () => {
    const visit = await givenEncounter(asDoctor, patientId, { status: 'in-progress' });
    const early = await givenSignedNote(asDoctor, visit.id, { text: TEXT });
    const draft = await givenNote(asDoctor, visit.id, { text: 'Draft before the finish' });
    const notLate = await asDoctor
      .post(`/encounters/${visit.id}/notes`)
      .send({ type: 'progress', text: TEXT, lateEntryReason: LATE_REASON });
    expect(notLate.status).toBe(409);
    expect(notLate.body.code).toBe('EMR.NOT_A_LATE_ENTRY');
    expect((await asDoctor.post(`/encounters/${visit.id}/finish`).send({})).status).toBe(200);

    const before = await noteWriteCounts(t);
    const locked = await asDoctor.post(`/encounters/${visit.id}/notes`).send({ type: 'discharge-summary', text: TEXT });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('EMR.ENCOUNTER_LOCKED');
    expect(await noteWriteCounts(t)).toEqual(before);
    const late = await asDoctor
      .post(`/encounters/${visit.id}/notes`)
      .send({ type: 'discharge-summary', text: TEXT, lateEntryReason: LATE_REASON });
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ lateEntry: true, lateEntryReason: LATE_REASON, typeCode: '18842-5' });
    const row = await stored(late.body.id as string);
    expect(row.late_entry_reason).toMatch(/^v1\./);
    expect((await outboxRows(t, late.body.id as string))[0].payload).toMatchObject({
      lateEntry: true,
      lateEntryReasonRecorded: true,
    });
    // A draft written in time is still edited and signed; a signed note is still amended, with its reason.
    expect((await asDoctor.post(`/notes/${draft.id}/sign`).send({})).status).toBe(200);
    const amended = await asDoctor.post(`/notes/${early.id}/amendments`).send({ text: CORRECTED, reason: AMEND_REASON });
    expect(amended.status).toBe(201);
    expect(amended.body.lateEntry).toBe(false);

    // Entered in error: its notes are frozen, and no new one is taken, late or not.
    const lastDraft = await givenNote(asDoctor, visit.id, { lateEntryReason: LATE_REASON });
    const error = await asDoctor.post(`/encounters/${visit.id}/entered-in-error`).send({ reason: 'Wrong patient' });
    expect(error.status).toBe(200);
    const frozen = await noteWriteCounts(t);
    const refusals = [
      await asDoctor.post(`/encounters/${visit.id}/notes`).send({ type: 'progress', text: TEXT, lateEntryReason: LATE_REASON }),
      await asDoctor.post(`/notes/${lastDraft.id}/sign`).send({}),
      await asDoctor.patch(`/notes/${lastDraft.id}`).set('If-Match', '"1"').send({ text: 'x' }),
      await asDoctor.post(`/notes/${amended.body.id}/amendments`).send({ text: 'x', reason: 'y' }),
    ];
    expect(refusals.map((r) => [r.status, (r.body as { code: string }).code])).toEqual(
      Array(4).fill([409, 'EMR.ENCOUNTER_VOID']),
    );
    expect(await noteWriteCounts(t)).toEqual(frozen);
    expect(await eventsAndAuditText(t)).not.toContain('Zephyrine');
    expect(t.logs.text()).not.toContain('Zephyrine');
  });

  it('answers 404 for unknown notes and encounters', async () => {
    const unknown = randomUUID();
    expect((await asDoctor.get(`/notes/${unknown}`)).status).toBe(404);
    expect((await asDoctor.patch(`/notes/${unknown}`).set('If-Match', '"1"').send({ text: 'x' })).status).toBe(404);
    expect((await asDoctor.post(`/notes/${unknown}/sign`).send({})).status).toBe(404);
    expect((await asDoctor.post(`/notes/${unknown}/amendments`).send({ text: 'x', reason: 'y' })).status).toBe(404);
    expect((await asDoctor.post(`/encounters/${unknown}/notes`).send({ type: 'progress', text: 'x' })).status).toBe(404);
    expect((await asDoctor.get(`/encounters/${unknown}/notes`)).status).toBe(404);
    expect((await asDoctor.get('/notes/not-a-uuid')).status).toBe(400);
  });

  it('lists an encounter’s notes newest first in keyset pages, every version included', async () => {
    const visit = await givenEncounter(asDoctor, patientId, { status: 'in-progress' });
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) ids.push((await givenNote(asDoctor, visit.id, { text: `Note ${i}` })).id);
    await asDoctor.post(`/notes/${ids[1]}/sign`).send({});
    const amendment = await asDoctor.post(`/notes/${ids[1]}/amendments`).send({ text: 'Note 1, corrected', reason: 'typo' });
    ids.push(amendment.body.id as string);
    const seen: { id: string; status: string }[] = [];
    let cursor: string | null = null;
    do {
      const res = await asDoctor.get(`/encounters/${visit.id}/notes?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...(res.body.items as { id: string; status: string }[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen.map((n) => n.id)).toEqual([...ids].reverse());
    expect(seen.find((n) => n.id === ids[1])?.status).toBe('amended');
    const bad = await asDoctor.get(`/encounters/${visit.id}/notes?cursor=bm90LWEtY3Vyc29y`);
    expect(bad.status).toBe(400);
    expect(fieldsNamed(bad.body)).toEqual(['cursor']);
    expect((await asDoctor.get(`/encounters/${visit.id}/notes?limit=500`)).status).toBe(400);
  });

  it('keeps every version in the audit store: the note’s history, without its text, and the patient’s access report', async () => {
    const note = await givenNote(asDoctor, encounterId, { text: TEXT });
    await asDoctor.patch(`/notes/${note.id}`).set('If-Match', '"1"').send({ type: 'admission' });
    await asDoctor.post(`/notes/${note.id}/sign`).send({});
    const amendment = await asColleague.post(`/notes/${note.id}/amendments`).send({ text: CORRECTED, reason: AMEND_REASON });
    await appendAll(t);
    const auditor = apiAs(t, await tokenFor(t, 'auditor'));
    const history = await auditor.get(`/audit/resources/Note/${note.id}/history`);
    expect(history.status).toBe(200);
    const items = history.body.items as { type: string; change: Record<string, unknown> }[];
    expect(items.map((e) => [e.type, e.change.status, e.change.type])).toEqual([
      ['emr.NoteDrafted.v1', 'preliminary', 'progress'],
      ['emr.NoteUpdated.v1', 'preliminary', 'admission'],
      ['emr.NoteSigned.v1', 'final', 'admission'],
      ['emr.NoteAmended.v1', 'amended', 'admission'],
    ]);
    const ofAmendment = await auditor.get(`/audit/resources/Note/${amendment.body.id}/history`);
    expect((ofAmendment.body.items as { type: string }[]).map((e) => e.type)).toEqual(['emr.NoteSigned.v1']);
    for (const secret of SECRETS) expect(JSON.stringify([history.body, ofAmendment.body])).not.toContain(secret);
    const report = await auditor.get(`/audit/patients/${patientId}/access-report?limit=500`);
    const types = (report.body.items as { type: string; what: { resourceId: string } }[])
      .filter((item) => item.what.resourceId === note.id)
      .map((item) => item.type);
    expect(types).toEqual(['emr.NoteDrafted.v1', 'emr.NoteUpdated.v1', 'emr.NoteSigned.v1', 'emr.NoteAmended.v1']);
  });
});
