import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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
    const events = (await audited('patients.PatientDataAccessed.v1', ward.nurse.userId)).slice(before);
    expect(events).toHaveLength(5);
    expect(events.map((e) => e.payload)).toEqual(
      Array.from({ length: 5 }, () =>
        expect.objectContaining({ patientId, resourceType: 'emr.encounters', access: 'list', purposeOfUse: 'TREAT' }),
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
    const note = await givenSignedNote(asDoctor, encounter.id, { type: 'consultation', text: 'Murmur grade 2 of 6' });
    const expected = [
      { kind: 'note', id: note.id, href: `/api/v1/notes/${note.id}` },
      { kind: 'encounter', id: encounter.id, href: `/api/v1/encounters/${encounter.id}` },
    ];

    const before = (await audited('patients.PatientDataAccessed.v1', ward.doctor.userId)).length;
    const res = await timeline(ward.doctor, '', patient);
    expect(res.status).toBe(200);
    const items = res.body.items as Entry[];
    expect(items.map(({ kind, id, href }) => ({ kind, id, href }))).toEqual(expected);
    expect(items[0]).toMatchObject({
      encounterId: encounter.id,
      status: 'final',
      summary: { type: 'consultation', typeCode: '11488-4', authorId: ward.doctor.userId, lateEntry: false },
    });
    expect(JSON.stringify(res.body)).not.toContain('Murmur');
    const events = (await audited('patients.PatientDataAccessed.v1', ward.doctor.userId)).slice(before);
    expect(events.map((e) => e.payload.resourceType)).toEqual(['emr.notes', 'emr.encounters']);

    const notesOnly = await timeline(ward.doctor, '?kind=note', patient);
    expect((notesOnly.body.items as Entry[]).map((e) => e.id)).toEqual([note.id]);
    const both = await timeline(ward.doctor, '?kind=note,encounter', patient);
    expect((both.body.items as Entry[]).map((e) => e.id)).toEqual(expected.map((e) => e.id));
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
    expect(events.map((e) => e.payload)).toEqual(
      Array.from({ length: 3 }, () =>
        expect.objectContaining({
          resourceType: 'emr.encounters',
          purposeOfUse: 'ETREAT',
          emergencyGrantId: grant.body.grantId,
        }),
      ),
    );
  });
});
