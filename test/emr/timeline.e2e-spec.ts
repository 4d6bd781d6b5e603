import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@hms/testing';
import { bearer, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, fieldsOf, PROBLEM } from '../patients/support/patients-api.js';
import { givenEncounter, givenPatient, givenWard, type Ward } from './support/emr-api.js';
import { givenSignedNote } from './support/note-api.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';

interface Entry {
  kind: string;
  id: string;
  occurredAt: string;
  encounterId: string | null;
  status: string;
  version: number;
  summary: Record<string, unknown>;
  href: string;
}

interface AuditedEvent {
  type: string;
  payload: Record<string, unknown>;
}

const REASON = 'Dizziness after the new tablets';
const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000).toISOString();

/** The clinical timeline: every kind in one keyset list, newest first, filters, scopes, and an access event per entry served. */
describe('patient timeline', () => {
  let t: TestApp;
  let ward: Ward;
  let asDoctor: Api;
  let patientId: string;
  /** Started 5, 4, 3, 2 and 1 hours ago: newest last. */
  const encounterIds: string[] = [];

  const timeline = (who: { accessToken: string }, query = '', id = patientId) =>
    apiAs(t, who).get(`/patients/${id}/timeline${query}`);
  const audited = (type: string, userId: string) =>
    queryAudited<AuditedEvent>(
      t,
      `SELECT type, payload FROM ${AUDITED_EVENTS} WHERE type = $1 AND actor->>'id' = $2 ORDER BY sequence`,
      [type, userId],
    );

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    ward = await givenWard(t);
    asDoctor = apiAs(t, ward.doctor);
    patientId = await givenPatient(t, ward);
    for (const hours of [5, 4, 3, 2, 1]) {
      const encounter = await givenEncounter(asDoctor, patientId, {
        status: 'in-progress',
        periodStart: hoursAgo(hours),
        attendingPractitionerId: ward.doctor.userId,
        reasonText: REASON,
      });
      encounterIds.push(encounter.id);
    }
  });
  afterAll(() => t?.close());

  it('lists the patient’s records newest first with their summaries and routes, and no free text', async () => {
    const res = await timeline(ward.doctor);
    expect(res.status).toBe(200);
    const items = res.body.items as Entry[];
    expect(items.map((e) => e.id)).toEqual([...encounterIds].reverse());
    expect(res.body.nextCursor).toBeNull();
    const newest = items[0];
    expect(newest).toMatchObject({
      kind: 'encounter',
      id: encounterIds[4],
      encounterId: encounterIds[4],
      status: 'in-progress',
      version: 1,
      href: `/api/v1/encounters/${encounterIds[4]}`,
      summary: {
        class: 'AMB',
        hospitalId: ward.hospitalId,
        departmentId: ward.cardiology,
        attendingPractitionerId: ward.doctor.userId,
        periodEnd: null,
      },
    });
    expect(Date.parse(newest.occurredAt)).toBe(Date.parse(newest.summary.periodStart as string));
    expect(JSON.stringify(res.body)).not.toContain('Dizziness');
  });

  it('pages by keyset: every entry once across pages, and the row past a page neither served nor audited', async () => {
    const before = (await audited('patients.PatientDataAccessed.v1', ward.nurse.userId)).length;
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const res = await timeline(ward.nurse, query);
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as Entry[]).map((e) => e.id));
      cursor = res.body.nextCursor as string | null;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...encounterIds].reverse());
    // One event per page and kind, naming the records served: five encounters over pages of 2, 2 and 1.
    const events = (await audited('patients.PatientDataAccessed.v1', ward.nurse.userId)).slice(before);
    expect(events.map((e) => e.payload)).toEqual(
      [0, 2, 4].map((from) =>
        expect.objectContaining({
          patientId,
          resourceType: 'emr.encounters',
          access: 'list',
          purposeOfUse: 'TREAT',
          recordIds: seen.slice(from, from + 2),
        }),
      ),
    );
  });

  it('filters by kind and by a range of instants [from, to)', async () => {
    const ranged = await timeline(
      ward.doctor,
      `?from=${encodeURIComponent(hoursAgo(4.5))}&to=${encodeURIComponent(hoursAgo(1.5))}`,
    );
    expect(ranged.status).toBe(200);
    expect((ranged.body.items as Entry[]).map((e) => e.id)).toEqual([encounterIds[3], encounterIds[2], encounterIds[1]]);
    const kinds = await timeline(ward.doctor, '?kind=encounter&kind=encounter&limit=1');
    expect(kinds.status).toBe(200);
    expect((kinds.body.items as Entry[]).map((e) => e.id)).toEqual([encounterIds[4]]);
  });

  it('puts every kind of record on one timeline, each entry audited under its own kind, and filters by kind', async () => {
    const patient = await givenPatient(t, ward);
    const encounter = await givenEncounter(asDoctor, patient, { status: 'in-progress', periodStart: hoursAgo(3) });
    const created = async (path: string, body: Record<string, unknown>) => {
      const res = await asDoctor.post(path).send(body);
      expect({ path, status: res.status }).toEqual({ path, status: 201 });
      return res.body as { id: string; observations?: { id: string; code: string }[] };
    };
    const measuredAt = hoursAgo(1);
    const vitals = await created(`/encounters/${encounter.id}/vitals`, {
      effectiveDateTime: measuredAt,
      observations: [
        { code: '8867-4', value: 128, unit: '/min' },
        { code: '8310-5', value: 36.9, unit: 'Cel' },
      ],
    });
    const note = await givenSignedNote(asDoctor, encounter.id, { type: 'consultation', text: 'Murmur grade 2 of 6' });
    const diagnosis = await created(`/encounters/${encounter.id}/diagnoses`, {
      code: 'I48.0',
      display: 'Paroxysmal atrial fibrillation',
      verificationStatus: 'confirmed',
      primary: true,
    });
    const problem = await created(`/patients/${patient}/problems`, {
      code: 'I10',
      display: 'Essential hypertension',
      verificationStatus: 'confirmed',
      onsetDate: '2019-03-01',
    });
    const allergy = await created(`/patients/${patient}/allergies`, {
      substance: 'Murmurine',
      type: 'allergy',
      category: ['medication'],
      criticality: 'high',
      reactions: [{ manifestation: 'Murmur-like wheeze', severity: 'severe' }],
    });
    const expected = [
      { kind: 'allergy', id: allergy.id, href: `/api/v1/patients/${patient}/allergies` },
      { kind: 'problem', id: problem.id, href: `/api/v1/problems/${problem.id}` },
      { kind: 'diagnosis', id: diagnosis.id, href: `/api/v1/diagnoses/${diagnosis.id}` },
      { kind: 'note', id: note.id, href: `/api/v1/notes/${note.id}` },
      { kind: 'vitals', id: vitals.id, href: null },
      { kind: 'encounter', id: encounter.id, href: `/api/v1/encounters/${encounter.id}` },
    ];

    const before = (await audited('patients.PatientDataAccessed.v1', ward.doctor.userId)).length;
    const res = await timeline(ward.doctor, '', patient);
    expect(res.status).toBe(200);
    const items = res.body.items as Entry[];
    expect(items.map(({ kind, id, href }) => ({ kind, id, href }))).toEqual(expected);
    const byKind = Object.fromEntries(items.map((e) => [e.kind, e]));
    expect(byKind.allergy).toMatchObject({
      status: 'active',
      encounterId: null,
      summary: { kind: 'substance', criticality: 'high', categories: ['medication'], reactionSeverities: ['severe'] },
    });
    expect(byKind.problem).toMatchObject({ status: 'active', summary: { code: 'I10', onsetDate: '2019-03-01' } });
    expect(byKind.diagnosis).toMatchObject({
      encounterId: encounter.id,
      status: 'confirmed',
      summary: { code: 'I48.0', primary: true, recorderId: ward.doctor.userId, lateEntry: false },
    });
    expect(byKind.note).toMatchObject({
      encounterId: encounter.id,
      status: 'final',
      summary: { type: 'consultation', typeCode: '11488-4', authorId: ward.doctor.userId, lateEntry: false },
    });
    expect(byKind.vitals).toMatchObject({
      encounterId: encounter.id,
      status: 'final',
      summary: {
        observations: [
          expect.objectContaining({ code: '8310-5', value: 36.9, unit: 'Cel', interpretation: 'N' }),
          expect.objectContaining({ code: '8867-4', value: 128, unit: '/min', interpretation: 'H' }),
        ],
      },
    });
    expect(Date.parse(byKind.vitals.occurredAt)).toBe(Date.parse(measuredAt));
    // Free texts stay at each record's own route.
    expect(JSON.stringify(res.body)).not.toMatch(/Murmur/);
    const events = (await audited('patients.PatientDataAccessed.v1', ward.doctor.userId)).slice(before);
    expect(events.map((e) => e.payload.recordIds)).toEqual(expected.map((e) => [e.id]));
    expect(events.map((e) => e.payload.resourceType)).toEqual([
      'emr.allergies',
      'emr.problems',
      'emr.diagnoses',
      'emr.notes',
      'emr.vitals',
      'emr.encounters',
    ]);

    const notesOnly = await timeline(ward.doctor, '?kind=note', patient);
    expect((notesOnly.body.items as Entry[]).map((e) => e.id)).toEqual([note.id]);
    const some = await timeline(ward.doctor, '?kind=vitals,encounter&kind=diagnosis', patient);
    expect((some.body.items as Entry[]).map((e) => e.kind)).toEqual(['diagnosis', 'vitals', 'encounter']);
    // A set whose every observation was entered in error shows so.
    for (const observation of vitals.observations ?? []) {
      const marked = await asDoctor
        .post(`/vitals/${observation.id}/entered-in-error`)
        .set('If-Match', '"1"')
        .send({ reason: 'Wrong patient' });
      expect(marked.status).toBe(200);
    }
    const after = await timeline(ward.doctor, '?kind=vitals', patient);
    expect((after.body.items as Entry[])[0]).toMatchObject({ id: vitals.id, status: 'entered-in-error' });
  });

  it('shows a merged duplicate’s records on the surviving record’s timeline, under either id, before and after they move', async () => {
    const duplicate = await givenPatient(t, ward);
    const survivor = await givenPatient(t, ward);
    const older = await givenEncounter(asDoctor, duplicate, { status: 'in-progress', periodStart: hoursAgo(2) });
    const newer = await givenEncounter(asDoctor, survivor, { status: 'in-progress', periodStart: hoursAgo(1) });
    expect((await apiAs(t, ward.officer).post(`/patients/${duplicate}/merge`).send({ intoPatientId: survivor })).status).toBe(
      200,
    );
    const idsUnder = async (id: string) => ((await timeline(ward.doctor, '', id)).body.items as Entry[]).map((e) => e.id);
    const encounterIdsUnder = async (id: string) =>
      ((await asDoctor.get(`/patients/${id}/encounters`)).body.items as { id: string }[]).map((e) => e.id);
    await waitFor(
      async () =>
        (await t.db.query<{ patient_id: string }>('SELECT patient_id FROM encounters WHERE id = $1', [older.id]))[0]
          .patient_id === survivor,
      'the merge to move the encounter',
    );
    for (const id of [duplicate, survivor]) expect(await idsUnder(id)).toEqual([newer.id, older.id]);
    // Until the worker's move reaches it, a record stays filed under the duplicate: it still shows under either id.
    await t.db.query('UPDATE encounters SET patient_id = $2 WHERE id = $1', [older.id, duplicate]);
    for (const id of [duplicate, survivor]) {
      expect(await idsUnder(id)).toEqual([newer.id, older.id]);
      expect(await encounterIdsUnder(id)).toEqual([newer.id, older.id]);
    }
  });

  it('answers bad filters with a 400 naming the field, and reads nothing', async () => {
    const before = (await audited('patients.PatientDataAccessed.v1', ward.doctor.userId)).length;
    const cases: [string, string][] = [
      ['?kind=billing', 'kind'],
      ['?from=yesterday', 'from'],
      ['?to=2026-02-31T10:00:00Z', 'to'],
      [`?from=${encodeURIComponent(hoursAgo(1))}&to=${encodeURIComponent(hoursAgo(2))}`, 'to'],
      ['?cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
    ];
    for (const [query, field] of cases) {
      const res = await timeline(ward.doctor, query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fieldsOf(res.body)).toContain(field);
    }
    expect(await audited('patients.PatientDataAccessed.v1', ward.doctor.userId)).toHaveLength(before);
  });

  it('answers 404 to readers outside emr:read’s scope, audited under the patient, and to front desk and billing', async () => {
    const far = await timeline(ward.oncologist);
    expect(far.status).toBe(404);
    expect(far.headers['content-type']).toMatch(PROBLEM);
    const denied = (await audited('authz.AccessDenied.v1', ward.oncologist.userId)).filter(
      (e) => e.payload.resourceId === patientId,
    );
    expect(denied.map((e) => e.payload)).toEqual([
      expect.objectContaining({ reason: 'out-of-scope', permission: 'emr:read', resourceType: 'Patient' }),
    ]);
    const receptionist = await tokenFor(t, 'receptionist', { hospitalId: ward.hospitalId });
    const clerk = await tokenFor(t, 'billing_clerk', { hospitalId: ward.hospitalId });
    for (const who of [receptionist, clerk] as UserWithTokens[]) {
      const res = await timeline(who);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(encounterIds[0]);
    }
    expect((await timeline(ward.doctor, '', '6f1c2f4e-1b7a-4a53-9d47-2b8c1b7c0e55')).status).toBe(404);
  });

  it('opens the timeline of a patient out of scope with a break-the-glass grant, each entry audited with the grant', async () => {
    const grant = await t
      .http()
      .post('/api/v1/auth/emergency-access')
      .set('Authorization', bearer(ward.oncologist.accessToken))
      .send({ patientId, reason: 'Unresponsive on admission' });
    expect(grant.status).toBe(201);
    const before = (await audited('patients.PatientDataAccessed.v1', ward.oncologist.userId)).length;
    const res = await apiAs(t, ward.oncologist, 'ETREAT').get(`/patients/${patientId}/timeline?limit=3`);
    expect(res.status).toBe(200);
    expect((res.body.items as Entry[]).map((e) => e.id)).toEqual([encounterIds[4], encounterIds[3], encounterIds[2]]);
    const events = (await audited('patients.PatientDataAccessed.v1', ward.oncologist.userId)).slice(before);
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        resourceType: 'emr.encounters',
        purposeOfUse: 'ETREAT',
        emergencyGrantId: grant.body.grantId,
        breakGlass: true,
        recordIds: [encounterIds[4], encounterIds[3], encounterIds[2]],
      }),
    ]);
  });
});
