import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tokenFor, type UserWithTokens } from '../support/auth.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, fieldsOf, PROBLEM } from '../patients/support/patients-api.js';
import { givenDiagnosis } from './support/conditions-api.js';
import { givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { givenNote } from './support/note-api.js';

const FIRST_REASON = 'Chest pain on exertion';
const SECOND_REASON = 'Chest pain at rest';
const CANCEL_REASON = 'Patient left before the consultation';
const FIRST_TEXT = 'Stable overnight, no complaints.';
const SECOND_TEXT = 'Stable overnight; mild headache at 04:00.';
const CORRECTED_TEXT = 'Stable overnight; mild headache at 03:00.';
const AMEND_REASON = 'Wrong hour in the signed note';
const FIRST_NOTE = 'Troponin pending';
const SECOND_NOTE = 'Troponin raised';
const PROBLEM_NOTE = 'Diet controlled';
const FIRST_SUBSTANCE = 'Amoxicillin';
const SECOND_SUBSTANCE = 'Amoxicillin with clavulanic acid';
const FIRST_MANIFESTATION = 'Urticaria';
const SECOND_MANIFESTATION = 'Generalised urticaria and wheeze';

/** Returns once the clock has moved on by a millisecond (the resolution of recorded instants). */
async function nextMillisecond(): Promise<void> {
  const start = Date.now();
  while (Date.now() === start) await new Promise((resolve) => setImmediate(resolve));
}

/** An instant strictly between what was recorded before it and what is recorded after. */
async function instant(): Promise<Date> {
  await nextMillisecond();
  const at = new Date();
  await nextMillisecond();
  return at;
}

/**
 * `?asOf=` on one encounter, note, diagnosis or problem: the version that
 * stood then, rebuilt from the audit event store, its ETag that version,
 * under the current read's scopes; texts rewritten since answer null and
 * are named in textsNotKept.
 */
describe('EMR records as of an instant', () => {
  let t: TestApp;
  let ward: Ward;
  let asDoctor: Api;
  let receptionist: UserWithTokens;
  let patientId: string;
  const encounterAt: Date[] = [];
  const noteAt: Date[] = [];
  const diagnosisAt: Date[] = [];
  const problemAt: Date[] = [];
  const allergyAt: Date[] = [];
  let encounterId: string;
  let noteId: string;
  let amendmentId: string;
  let diagnosisId: string;
  let problemId: string;
  let allergyId: string;

  const asOf = (api: Api, path: string, at: Date) => api.get(`${path}?asOf=${encodeURIComponent(at.toISOString())}`);
  const ok = async (api: Api, path: string, at: Date) => {
    const res = await asOf(api, path, at);
    expect([res.status, res.body]).toEqual([200, expect.anything()]);
    return res;
  };
  /** The audit store holds every version committed so far (what the audit queue's jobs do). */
  const settled = () => queryAudited(t, 'SELECT 1');
  const accessEvents = (userId: string) =>
    queryAudited<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM ${AUDITED_EVENTS}
        WHERE type = 'patients.PatientDataAccessed.v1' AND actor->>'id' = $1 ORDER BY sequence`,
      [userId],
    );
  const denials = (userId: string) =>
    queryAudited<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM ${AUDITED_EVENTS} WHERE type = 'authz.AccessDenied.v1' AND actor->>'id' = $1 ORDER BY sequence`,
      [userId],
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    asDoctor = apiAs(t, ward.doctor);
    receptionist = await tokenFor(t, 'receptionist', { hospitalId: ward.hospitalId });
    patientId = await givenPatient(t, ward);

    // An encounter: planned (1), started (2), care team changed (3), reason rewritten (4), cancelled (5).
    encounterAt.push(await instant());
    encounterId = (await givenEncounter(asDoctor, patientId, { reasonText: FIRST_REASON })).id;
    encounterAt.push(await instant());
    expect((await asDoctor.post(`/encounters/${encounterId}/start`).send({})).status).toBe(200);
    encounterAt.push(await instant());
    const team = await asDoctor
      .patch(`/encounters/${encounterId}`)
      .set('If-Match', '"2"')
      .send({ careTeamIds: [ward.nurse.userId] });
    expect(team.status).toBe(200);
    encounterAt.push(await instant());
    const reason = await asDoctor.patch(`/encounters/${encounterId}`).set('If-Match', '"3"').send({ reasonText: SECOND_REASON });
    expect(reason.status).toBe(200);
    encounterAt.push(await instant());
    expect((await asDoctor.post(`/encounters/${encounterId}/cancel`).send({ reason: CANCEL_REASON })).status).toBe(200);
    encounterAt.push(await instant());

    // A note on another encounter: drafted (1), text rewritten (2), signed (3), amended (4).
    const clinical = (await givenEncounter(asDoctor, patientId, { status: 'in-progress' })).id;
    noteAt.push(await instant());
    noteId = (await givenNote(asDoctor, clinical, { text: FIRST_TEXT })).id;
    noteAt.push(await instant());
    expect((await asDoctor.patch(`/notes/${noteId}`).set('If-Match', '"1"').send({ text: SECOND_TEXT })).status).toBe(200);
    noteAt.push(await instant());
    expect((await asDoctor.post(`/notes/${noteId}/sign`).send({})).status).toBe(200);
    noteAt.push(await instant());
    const amendment = await asDoctor.post(`/notes/${noteId}/amendments`).send({ text: CORRECTED_TEXT, reason: AMEND_REASON });
    expect(amendment.status).toBe(201);
    amendmentId = amendment.body.id as string;
    noteAt.push(await instant());

    // A diagnosis: recorded provisional (1), confirmed (2), its note rewritten (3).
    diagnosisAt.push(await instant());
    diagnosisId = (await givenDiagnosis(asDoctor, clinical, { verificationStatus: 'provisional', note: FIRST_NOTE })).id;
    diagnosisAt.push(await instant());
    const confirmed = await asDoctor
      .patch(`/diagnoses/${diagnosisId}`)
      .set('If-Match', '"1"')
      .send({ verificationStatus: 'confirmed' });
    expect(confirmed.status).toBe(200);
    diagnosisAt.push(await instant());
    expect((await asDoctor.patch(`/diagnoses/${diagnosisId}`).set('If-Match', '"2"').send({ note: SECOND_NOTE })).status).toBe(
      200,
    );
    diagnosisAt.push(await instant());

    // A problem: recorded active with a note (1), resolved (2).
    problemAt.push(await instant());
    const problem = await asDoctor.post(`/patients/${patientId}/problems`).send({
      code: 'E11.9',
      display: 'Type 2 diabetes',
      verificationStatus: 'confirmed',
      onsetDate: '2019-03-01',
      note: PROBLEM_NOTE,
    });
    expect(problem.status).toBe(201);
    problemId = problem.body.id as string;
    problemAt.push(await instant());
    expect(
      (await asDoctor.patch(`/problems/${problemId}`).set('If-Match', '"1"').send({ clinicalStatus: 'resolved' })).status,
    ).toBe(200);
    problemAt.push(await instant());

    // An allergy: recorded (1), criticality changed (2), substance rewritten (3), reactions rewritten (4).
    allergyAt.push(await instant());
    const allergy = await asDoctor.post(`/patients/${patientId}/allergies`).send({
      substance: FIRST_SUBSTANCE,
      type: 'allergy',
      category: ['medication'],
      criticality: 'high',
      reactions: [{ manifestation: FIRST_MANIFESTATION, severity: 'mild' }],
    });
    expect(allergy.status).toBe(201);
    allergyId = allergy.body.id as string;
    const allergyPath = `/allergies/${allergyId}`;
    allergyAt.push(await instant());
    expect((await asDoctor.patch(allergyPath).set('If-Match', '"1"').send({ criticality: 'low' })).status).toBe(200);
    allergyAt.push(await instant());
    expect((await asDoctor.patch(allergyPath).set('If-Match', '"2"').send({ substance: SECOND_SUBSTANCE })).status).toBe(200);
    allergyAt.push(await instant());
    const reactions = [{ manifestation: SECOND_MANIFESTATION, severity: 'severe' }];
    expect((await asDoctor.patch(allergyPath).set('If-Match', '"3"').send({ reactions })).status).toBe(200);
    allergyAt.push(await instant());
    await settled();
  });
  afterAll(() => t?.close());

  it('answers an encounter as it stood at each instant, its ETag the version then, a reason rewritten since withheld', async () => {
    const path = `/encounters/${encounterId}`;
    const planned = await ok(asDoctor, path, encounterAt[1]);
    expect(planned.headers.etag).toBe('"1"');
    expect(planned.body).toMatchObject({
      id: encounterId,
      version: 1,
      status: 'planned',
      periodStart: null,
      careTeamIds: [],
      view: 'clinical',
      reasonText: null,
      statusReason: null,
      textsNotKept: ['reasonText'],
    });
    const started = await ok(asDoctor, path, encounterAt[2]);
    expect(started.headers.etag).toBe('"2"');
    expect(started.body).toMatchObject({ version: 2, status: 'in-progress', careTeamIds: [], textsNotKept: ['reasonText'] });
    expect(started.body.periodStart).not.toBeNull();
    const withTeam = await ok(asDoctor, path, encounterAt[3]);
    expect(withTeam.body).toMatchObject({ version: 3, careTeamIds: [ward.nurse.userId], reasonText: null });
    const reasoned = await ok(asDoctor, path, encounterAt[4]);
    expect(reasoned.headers.etag).toBe('"4"');
    // No status reason yet: empty then, not withheld.
    expect(reasoned.body).toMatchObject({
      version: 4,
      status: 'in-progress',
      reasonText: SECOND_REASON,
      statusReason: null,
      textsNotKept: [],
    });
    const cancelled = await ok(asDoctor, path, encounterAt[5]);
    expect(cancelled.headers.etag).toBe('"5"');
    expect(cancelled.body).toMatchObject({ version: 5, status: 'cancelled', statusReason: CANCEL_REASON, textsNotKept: [] });
    const now = await asDoctor.get(path);
    expect(now.body).not.toHaveProperty('textsNotKept');
    expect(now.body).toMatchObject({ version: 5, status: 'cancelled' });
  });

  it('keeps the administrative view for readers without emr:read, as of an instant too', async () => {
    const res = await ok(apiAs(t, receptionist), `/encounters/${encounterId}`, encounterAt[1]);
    expect(res.body).toMatchObject({ view: 'administrative', status: 'planned', version: 1, textsNotKept: [] });
    for (const member of ['attendingPractitionerId', 'careTeamIds', 'reasonText', 'statusReason']) {
      expect(res.body).not.toHaveProperty(member);
    }
    expect(JSON.stringify(res.body)).not.toContain(SECOND_REASON);
  });

  it('answers a note as of each instant: a text edited since withheld, the signed text kept, the amendment named once made', async () => {
    const path = `/notes/${noteId}`;
    const drafted = await ok(asDoctor, path, noteAt[1]);
    expect(drafted.headers.etag).toBe('"1"');
    expect(drafted.body).toMatchObject({ version: 1, status: 'preliminary', text: null, signedAt: null, textsNotKept: ['text'] });
    expect(JSON.stringify(drafted.body)).not.toContain(SECOND_TEXT);
    const edited = await ok(asDoctor, path, noteAt[2]);
    expect(edited.body).toMatchObject({ version: 2, status: 'preliminary', text: SECOND_TEXT, textsNotKept: [] });
    const signed = await ok(asDoctor, path, noteAt[3]);
    expect(signed.headers.etag).toBe('"3"');
    expect(signed.body).toMatchObject({
      version: 3,
      status: 'final',
      text: SECOND_TEXT,
      amendedByNoteId: null,
      textsNotKept: [],
    });
    expect(signed.body.signedAt).not.toBeNull();
    const amended = await ok(asDoctor, path, noteAt[4]);
    expect(amended.body).toMatchObject({ version: 4, status: 'amended', amendedByNoteId: amendmentId, text: SECOND_TEXT });
    const amendment = await ok(asDoctor, `/notes/${amendmentId}`, noteAt[4]);
    expect(amendment.body).toMatchObject({
      version: 1,
      text: CORRECTED_TEXT,
      amendmentReason: AMEND_REASON,
      amendsNoteId: noteId,
    });
  });

  it('answers a diagnosis as of each instant, its note withheld until the version that wrote it', async () => {
    const path = `/diagnoses/${diagnosisId}`;
    const recorded = await ok(asDoctor, path, diagnosisAt[1]);
    expect(recorded.headers.etag).toBe('"1"');
    expect(recorded.body).toMatchObject({
      version: 1,
      verificationStatus: 'provisional',
      code: 'I21.4',
      display: 'Heart muscle infarction',
      note: null,
      textsNotKept: ['note'],
    });
    const confirmed = await ok(asDoctor, path, diagnosisAt[2]);
    expect(confirmed.body).toMatchObject({ version: 2, verificationStatus: 'confirmed', note: null, textsNotKept: ['note'] });
    const noted = await ok(asDoctor, path, diagnosisAt[3]);
    expect(noted.headers.etag).toBe('"3"');
    expect(noted.body).toMatchObject({ version: 3, verificationStatus: 'confirmed', note: SECOND_NOTE, textsNotKept: [] });
    // The ETag of a past version is no version to update: If-Match with it answers 412.
    const stale = await asDoctor.patch(path).set('If-Match', recorded.headers.etag).send({ clinicalStatus: 'resolved' });
    expect(stale.status).toBe(412);
  });

  it('answers a problem as of an instant before a status change, its unchanged note kept', async () => {
    const path = `/problems/${problemId}`;
    const active = await ok(asDoctor, path, problemAt[1]);
    expect(active.headers.etag).toBe('"1"');
    expect(active.body).toMatchObject({ version: 1, clinicalStatus: 'active', note: PROBLEM_NOTE, textsNotKept: [] });
    const resolved = await ok(asDoctor, path, problemAt[2]);
    expect(resolved.body).toMatchObject({ version: 2, clinicalStatus: 'resolved', note: PROBLEM_NOTE, textsNotKept: [] });
  });

  it('answers an allergy as of each instant: substance and reactions rewritten since withheld, statuses and severities as then', async () => {
    const path = `/allergies/${allergyId}`;
    const recorded = await ok(asDoctor, path, allergyAt[1]);
    expect(recorded.headers.etag).toBe('"1"');
    expect(recorded.body).toMatchObject({
      id: allergyId,
      version: 1,
      criticality: 'high',
      substance: null,
      reactions: [],
      clinicalStatus: 'active',
      textsNotKept: ['substance', 'reactions'],
    });
    const lowered = await ok(asDoctor, path, allergyAt[2]);
    expect(lowered.body).toMatchObject({
      version: 2,
      criticality: 'low',
      substance: null,
      textsNotKept: ['substance', 'reactions'],
    });
    const renamed = await ok(asDoctor, path, allergyAt[3]);
    expect(renamed.headers.etag).toBe('"3"');
    expect(renamed.body).toMatchObject({ version: 3, substance: SECOND_SUBSTANCE, reactions: [], textsNotKept: ['reactions'] });
    const now = await ok(asDoctor, path, allergyAt[4]);
    expect(now.body).toMatchObject({
      version: 4,
      substance: SECOND_SUBSTANCE,
      reactions: [{ manifestation: SECOND_MANIFESTATION, severity: 'severe' }],
      textsNotKept: [],
    });
    for (const res of [recorded, lowered, renamed]) {
      expect(JSON.stringify(res.body)).not.toContain(SECOND_MANIFESTATION);
      expect(JSON.stringify(res.body)).not.toContain(FIRST_MANIFESTATION);
    }
    expect(JSON.stringify(recorded.body)).not.toContain(SECOND_SUBSTANCE);
    const stale = await asDoctor.patch(path).set('If-Match', recorded.headers.etag).send({ clinicalStatus: 'resolved' });
    expect(stale.status).toBe(412);
  });

  it('answers 404 before each record existed, recording no access', async () => {
    const before = (await accessEvents(ward.doctor.userId)).length;
    for (const [path, at] of [
      [`/encounters/${encounterId}`, encounterAt[0]],
      [`/notes/${noteId}`, noteAt[0]],
      [`/notes/${amendmentId}`, noteAt[3]],
      [`/diagnoses/${diagnosisId}`, diagnosisAt[0]],
      [`/problems/${problemId}`, problemAt[0]],
      [`/allergies/${allergyId}`, allergyAt[0]],
    ] as const) {
      const res = await asOf(asDoctor, path, at);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    }
    expect((await accessEvents(ward.doctor.userId)).length).toBe(before);
  });

  it.each([
    ['a future instant', () => new Date(Date.now() + 3_600_000).toISOString()],
    ['an impossible date', () => '2026-02-31T08:00:00Z'],
    ['no offset', () => '2026-11-01T08:00:00'],
    ['words', () => 'yesterday'],
  ])('answers 400 naming asOf for %s, on each kind', async (_case, value) => {
    for (const path of [
      `/encounters/${encounterId}`,
      `/notes/${noteId}`,
      `/diagnoses/${diagnosisId}`,
      `/problems/${problemId}`,
      `/allergies/${allergyId}`,
    ]) {
      const res = await asDoctor.get(`${path}?asOf=${encodeURIComponent(value())}`);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fieldsOf(res.body)).toEqual(['asOf']);
    }
  });

  it('answers 404 out of scope, as for a missing record, and audits each refusal, before the record existed too', async () => {
    const outsider = apiAs(t, ward.oncologist);
    const before = (await denials(ward.oncologist.userId)).length;
    const reads = [
      [`/encounters/${encounterId}`, encounterAt[1]],
      [`/notes/${noteId}`, noteAt[1]],
      [`/diagnoses/${diagnosisId}`, diagnosisAt[1]],
      [`/problems/${problemId}`, problemAt[1]],
      [`/allergies/${allergyId}`, allergyAt[1]],
      [`/encounters/${encounterId}`, encounterAt[0]],
      [`/allergies/${allergyId}`, allergyAt[0]],
    ] as const;
    for (const [path, at] of reads) {
      const res = await asOf(outsider, path, at);
      expect([path, res.status]).toEqual([path, 404]);
      expect(JSON.stringify(res.body)).not.toContain(patientId);
    }
    const refused = (await denials(ward.oncologist.userId)).slice(before);
    expect(refused).toHaveLength(reads.length);
    expect(refused.map((r) => r.payload)).toEqual(
      reads.map(() => expect.objectContaining({ reason: 'out-of-scope', resourceId: patientId })),
    );
    expect(await accessEvents(ward.oncologist.userId)).toEqual([]);
  });

  it('records each asOf read as an access naming the instant, and no free text', async () => {
    const nurse = apiAs(t, ward.nurse, 'care-coordination');
    const reads = [
      [`/encounters/${encounterId}`, encounterAt[2], 'emr.encounters'],
      [`/notes/${noteId}`, noteAt[2], 'emr.notes'],
      [`/diagnoses/${diagnosisId}`, diagnosisAt[2], 'emr.diagnoses'],
      [`/problems/${problemId}`, problemAt[1], 'emr.problems'],
      [`/allergies/${allergyId}`, allergyAt[3], 'emr.allergies'],
    ] as const;
    for (const [path, at] of reads) await ok(nurse, path, at);
    const events = await accessEvents(ward.nurse.userId);
    expect(events.map((e) => e.payload)).toEqual(
      reads.map(([, at, resourceType]) => ({
        patientId,
        resourceType,
        access: 'read',
        purposeOfUse: 'COC',
        asOf: at.toISOString(),
      })),
    );
    await nurse.get(`/encounters/${encounterId}`).expect(200);
    expect((await accessEvents(ward.nurse.userId)).at(-1)?.payload).not.toHaveProperty('asOf');
    const text = JSON.stringify(await accessEvents(ward.nurse.userId));
    for (const value of [
      FIRST_REASON,
      SECOND_REASON,
      SECOND_TEXT,
      SECOND_NOTE,
      PROBLEM_NOTE,
      SECOND_SUBSTANCE,
      SECOND_MANIFESTATION,
    ]) {
      expect(text).not.toContain(value);
    }
  });
});
