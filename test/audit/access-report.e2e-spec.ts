import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, tokenFor, untilGrantEnded, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, givenDepartment, givenHospital, linkCare, patientBody } from '../patients/support/patients-api.js';
import { appendAll } from './support/audit-store.js';

interface ReportItem {
  eventId: string;
  type: string;
  action: string;
  outcome: string;
  who: { id: string; roles: string[]; sessionRef: string | null };
  what: { resourceType: string; resourceId: string };
  why: string | null;
  breakGlass: boolean;
  occurredAt: string;
}

const REASON = 'Unconscious patient in resuscitation; allergy history needed';
const NURSE_REASON = 'Deteriorating on the ward, covering for the usual team';
/** Long enough for the reads under a grant, short enough to wait out. */
const GRANT_SECONDS = 3;

/**
 * What the report shows as `why` for each X-Purpose-Of-Use sent (the lower-case aliases; none
 * sent: the default). The one place to update if the stored form of a purpose changes.
 */
// Sent as the lower-case aliases; recorded and reported as their HL7 v3 PurposeOfUse codes.
const WHY = { emergency: 'ETREAT', billing: 'HPAYMT', none: 'TREAT' } as const;

/**
 * The accounting of access to one patient, built from what the patients
 * context really records as it serves (a read, a search, a history, an
 * asOf read) and refuses (out of scope), with break-the-glass grants.
 */
describe('a patient’s access report', () => {
  let t: TestApp;
  let auditor: UserWithTokens;
  let receptionist: UserWithTokens;
  let doctor: UserWithTokens;
  let nurse: UserWithTokens;
  let otherNurse: UserWithTokens;
  let patient: string;
  let otherPatient: string;

  const as = (who: UserWithTokens, purpose?: string) => apiAs(t, who, purpose);
  const grantFor = async (who: UserWithTokens, patientId: string, reason: string): Promise<string> => {
    const res = await t
      .http()
      .post('/api/v1/auth/emergency-access')
      .set('Authorization', bearer(who.accessToken))
      .send({ patientId, reason });
    expect(res.status).toBe(201);
    return res.body.grantId as string;
  };
  const reportOf = (patientId: string, query = '') => as(auditor).get(`/audit/patients/${patientId}/access-report${query}`);
  const report = (query = '') => reportOf(patient, query);

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        EMERGENCY_ACCESS_SECONDS: String(GRANT_SECONDS),
        RATE_LIMIT_MAX: '100000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      },
    });
    const asAdmin = apiAs(t, await tokenFor(t, 'admin'));
    const hospitalA = await givenHospital(asAdmin);
    const hospitalB = await givenHospital(asAdmin);
    const cardiology = await givenDepartment(asAdmin, hospitalA, 'CARD');
    const oncology = await givenDepartment(asAdmin, hospitalA, 'ONC');
    const emergency = await givenDepartment(asAdmin, hospitalB, 'ER');
    auditor = await tokenFor(t, 'auditor');
    receptionist = await tokenFor(t, 'receptionist', { hospitalId: hospitalA, departmentId: cardiology });
    nurse = await tokenFor(t, 'nurse', { hospitalId: hospitalA, departmentId: cardiology });
    otherNurse = await tokenFor(t, 'nurse', { hospitalId: hospitalA, departmentId: oncology });
    doctor = await tokenFor(t, 'doctor', { hospitalId: hospitalB, departmentId: emergency });

    // Registered in cardiology: the nurse's own department, outside the doctor's and the other nurse's.
    const body = patientBody();
    const registered = await as(receptionist).post('/patients').send(body);
    expect(registered.status).toBe(201);
    patient = registered.body.id as string;
    const other = await as(receptionist).post('/patients').send(patientBody());
    expect(other.status).toBe(201);
    otherPatient = other.body.id as string;
    // The asOf read below rebuilds the record from the audit store.
    await appendAll(t);

    // Outside the doctor's scope until the glass is broken: refused as if missing, and the refusal audited.
    expect((await as(doctor).get(`/patients/${patient}`)).status).toBe(404);
    const doctorGrant = await grantFor(doctor, patient, REASON);
    // Under the grant, each way the patients context serves the record records an access.
    expect((await as(doctor, 'emergency').get(`/patients/${patient}`)).status).toBe(200);
    const search = await as(doctor).get(`/patients?lastName=${encodeURIComponent(body.lastName as string)}`);
    expect((search.body.items as { id: string }[]).map((p) => p.id)).toEqual([patient]);
    expect((await as(doctor).get(`/patients/${patient}/history`)).status).toBe(200);
    expect((await as(doctor).get(`/patients/${patient}?asOf=${new Date().toISOString()}`)).status).toBe(200);
    // Ordinary reads within the nurse's scope, one of another patient; a refusal outside the other nurse's.
    expect((await as(nurse).get(`/patients/${patient}`)).status).toBe(200);
    expect((await as(nurse).get(`/patients/${otherPatient}`)).status).toBe(200);
    expect((await as(otherNurse).get(`/patients/${patient}`)).status).toBe(404);
    // A read the nurse's own scope allows, made while she holds a grant for the patient: the report marks it.
    await grantFor(nurse, patient, NURSE_REASON);
    expect((await as(nurse).get(`/patients/${patient}`)).status).toBe(200);
    // Once the doctor's grant has run out he is refused again; a link to his department then opens the record the ordinary way.
    await untilGrantEnded(t, doctor, doctorGrant);
    expect((await as(doctor).get(`/patients/${patient}`)).status).toBe(404);
    await linkCare(t, patient, 'department', emergency, 'referral');
    expect((await as(doctor, 'billing').get(`/patients/${patient}`)).status).toBe(200);
    await appendAll(t);
  });
  afterAll(() => t.close());

  it('lists who accessed the record, when, what and why, oldest first, with break-the-glass marked', async () => {
    const res = await report();
    expect(res.status).toBe(200);
    const items = res.body.items as ReportItem[];
    expect(items.map((i) => [i.type, i.who.id, i.action, i.outcome, i.why, i.breakGlass])).toEqual([
      ['patients.PatientRegistered.v1', receptionist.userId, 'create', 'success', null, false],
      ['patients.PatientCareLinked.v1', receptionist.userId, 'execute', 'success', null, false],
      ['authz.AccessDenied.v1', doctor.userId, 'deny', 'denied', 'out-of-scope', false],
      ['auth.EmergencyAccessGranted.v1', doctor.userId, 'emergency-access', 'success', REASON, true],
      ['patients.PatientRecordAccessed.v1', doctor.userId, 'read', 'success', WHY.emergency, true],
      ['patients.PatientRecordAccessed.v1', doctor.userId, 'read', 'success', WHY.none, true],
      ['patients.PatientRecordAccessed.v1', doctor.userId, 'read', 'success', WHY.none, true],
      ['patients.PatientRecordAccessed.v1', doctor.userId, 'read', 'success', WHY.none, true],
      ['patients.PatientRecordAccessed.v1', nurse.userId, 'read', 'success', WHY.none, false],
      ['authz.AccessDenied.v1', otherNurse.userId, 'deny', 'denied', 'out-of-scope', false],
      ['auth.EmergencyAccessGranted.v1', nurse.userId, 'emergency-access', 'success', NURSE_REASON, true],
      ['patients.PatientRecordAccessed.v1', nurse.userId, 'read', 'success', WHY.none, true],
      ['authz.AccessDenied.v1', doctor.userId, 'deny', 'denied', 'out-of-scope', false],
      ['patients.PatientCareLinked.v1', 'test', 'execute', 'success', null, false],
      ['patients.PatientRecordAccessed.v1', doctor.userId, 'read', 'success', WHY.billing, false],
    ]);
    const reads = items.filter((i) => i.type === 'patients.PatientRecordAccessed.v1');
    for (const read of reads) expect(read.what).toEqual({ resourceType: 'Patient', resourceId: patient });
    expect(reads[0]).toMatchObject({ who: { roles: ['doctor'], sessionRef: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) } });
    // The reads are the ones the routes recorded: a get, a search result, a history, an asOf read, then gets.
    const stored = await t.db.query<{ event_id: string; change: { access: string; asOf?: string } }>(
      'SELECT event_id, change FROM audit_events WHERE event_id = ANY($1::uuid[])',
      [reads.map((r) => r.eventId)],
    );
    const accessOf = new Map(stored.map((row) => [row.event_id, row.change]));
    expect(reads.map((r) => [accessOf.get(r.eventId)?.access, accessOf.get(r.eventId)?.asOf !== undefined])).toEqual([
      ['read', false],
      ['search', false],
      ['history', false],
      ['read', true],
      ['read', false],
      ['read', false],
      ['read', false],
    ]);
    const times = items.map((i) => i.occurredAt);
    expect(times).toEqual([...times].sort());
    expect(res.body.nextCursor).toBeNull();
  });

  it('lists only entries about that patient', async () => {
    const items = (await report()).body.items as ReportItem[];
    expect(items.some((i) => i.what.resourceId === otherPatient)).toBe(false);
    const other = (await reportOf(otherPatient)).body.items as ReportItem[];
    expect(other.map((i) => [i.type, i.who.id])).toEqual([
      ['patients.PatientRegistered.v1', receptionist.userId],
      ['patients.PatientCareLinked.v1', receptionist.userId],
      ['patients.PatientRecordAccessed.v1', nurse.userId],
    ]);
    expect(other.every((i) => !items.some((mine) => mine.eventId === i.eventId))).toBe(true);
  });

  it('pages with a cursor', async () => {
    const whole = (await report()).body.items as ReportItem[];
    const pages: ReportItem[][] = [];
    let cursor: string | null = null;
    do {
      const res = await report(`?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      pages.push(res.body.items as ReportItem[]);
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 3]);
    expect(pages.flat().map((i) => i.eventId)).toEqual(whole.map((i) => i.eventId));
  });

  it('narrows to a time window, and refuses malformed requests', async () => {
    const whole = (await report()).body.items as ReportItem[];
    const boundary = whole.find((i) => i.type === 'auth.EmergencyAccessGranted.v1' && i.who.id === nurse.userId)!.occurredAt;
    const from = (await report(`?from=${boundary}`)).body.items as ReportItem[];
    const to = (await report(`?to=${boundary}`)).body.items as ReportItem[];
    expect(from.every((i) => i.occurredAt >= boundary) && to.every((i) => i.occurredAt < boundary)).toBe(true);
    expect([...to, ...from].map((i) => i.eventId)).toEqual(whole.map((i) => i.eventId));
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await report(`?from=${future}`)).body.items).toEqual([]);

    expect((await as(auditor).get('/audit/patients/not-a-uuid/access-report')).status).toBe(400);
    expect((await report('?limit=501')).status).toBe(400);
    expect((await report('?from=yesterday')).status).toBe(400);
  });

  it('is for auditors only', async () => {
    for (const who of [nurse, doctor, receptionist]) {
      const res = await as(who).get(`/audit/patients/${patient}/access-report`);
      expect([res.status, res.body.code]).toEqual([403, 'AUTH.PERMISSION_REQUIRED']);
    }
  });
});
