import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccessDenied } from '@hms/authz';
import { type Actor, uuidv7 } from '@hms/ddd';
import { UnitOfWork } from '../../src/infrastructure/database/unit-of-work.js';
import { PatientAccessModule } from '../fixtures/patient-access/patient-access.module.js';
import { TestPatientsModule } from '../fixtures/patients/test-patients.module.js';
import { bearer, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { appendAll } from './support/audit-store.js';

interface ReportItem {
  type: string;
  action: string;
  outcome: string;
  who: { id: string; roles: string[]; sessionId: string | null };
  what: { resourceType: string; resourceId: string };
  why: string | null;
  breakGlass: boolean;
  occurredAt: string;
}

const REASON = 'Unconscious patient in resuscitation; allergy history needed';

describe('a patient’s access report', () => {
  let t: TestApp;
  let auditor: UserWithTokens;
  let doctor: UserWithTokens;
  let nurse: UserWithTokens;
  const patient = uuidv7();
  const otherPatient = uuidv7();

  const as = (who: UserWithTokens) => ({
    get: (path: string, purpose?: string) => {
      const req = t.http().get(path).set('Authorization', bearer(who.accessToken));
      return purpose ? req.set('X-Purpose-Of-Use', purpose) : req;
    },
  });
  const report = (query = '') => as(auditor).get(`/api/v1/audit/patients/${patient}/access-report${query}`);

  beforeAll(async () => {
    t = await startTestApp({
      imports: [TestPatientsModule, PatientAccessModule],
      env: { EMERGENCY_ACCESS_SECONDS: '2', RATE_LIMIT_MAX: '100000' },
    });
    auditor = await tokenFor(t, 'auditor');
    doctor = await tokenFor(t, 'doctor');
    nurse = await tokenFor(t, 'nurse');

    // Outside the doctor's scope until the glass is broken.
    expect((await as(doctor).get(`/api/v1/test-patients/${patient}`)).status).toBe(403);
    const grant = await t
      .http()
      .post('/api/v1/auth/emergency-access')
      .set('Authorization', bearer(doctor.accessToken))
      .send({ patientId: patient, reason: REASON });
    expect(grant.status).toBe(201);
    expect((await as(doctor).get(`/api/v1/test-patients/${patient}`)).status).toBe(200);
    // The serving context records the read with the purpose the client declared.
    expect((await as(doctor).get(`/api/v1/test-patient-records/${patient}`, 'emergency treatment')).status).toBe(200);
    expect((await as(nurse).get(`/api/v1/test-patient-records/${patient}`, 'treatment')).status).toBe(200);
    expect((await as(nurse).get(`/api/v1/test-patient-records/${otherPatient}`, 'treatment')).status).toBe(200);
    // A context refusing a record outside the caller's scope raises AccessDenied naming it.
    const nurseActor: Actor = { kind: 'user', id: nurse.userId, roles: ['nurse'] };
    await t.app.get(UnitOfWork).run(nurseActor, (tx) => {
      tx.record(new AccessDenied({ userId: nurse.userId, reason: 'out-of-scope', resourceType: 'Patient', resourceId: patient }));
      return Promise.resolve();
    });
    // After the grant has expired, the doctor's reads are ordinary ones again.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await as(doctor).get(`/api/v1/test-patient-records/${patient}`, 'follow-up')).status).toBe(200);
    await appendAll(t);
  });
  afterAll(() => t.close());

  it('lists who accessed the record, when, what and why, oldest first, with break-the-glass marked', async () => {
    const res = await report();
    expect(res.status).toBe(200);
    const items = res.body.items as ReportItem[];
    expect(items.map((i) => [i.type, i.who.id, i.action, i.outcome, i.why, i.breakGlass])).toEqual([
      ['auth.EmergencyAccessGranted.v1', doctor.userId, 'emergency-access', 'success', REASON, true],
      ['test.PatientRecordAccessed.v1', doctor.userId, 'read', 'success', 'emergency treatment', true],
      ['test.PatientRecordAccessed.v1', nurse.userId, 'read', 'success', 'treatment', false],
      ['authz.AccessDenied.v1', nurse.userId, 'deny', 'denied', 'out-of-scope', false],
      ['test.PatientRecordAccessed.v1', doctor.userId, 'read', 'success', 'follow-up', false],
    ]);
    expect(items[1]).toMatchObject({
      what: { resourceType: 'Patient', resourceId: patient },
      who: { roles: ['doctor'], sessionId: expect.any(String) },
    });
    const times = items.map((i) => i.occurredAt);
    expect(times).toEqual([...times].sort());
    expect(res.body.nextCursor).toBeNull();
  });

  it('pages with a cursor', async () => {
    const first = await report('?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await report(`?limit=2&cursor=${first.body.nextCursor}`);
    const third = await report(`?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body).toMatchObject({ nextCursor: null });
    const all = [...first.body.items, ...second.body.items, ...third.body.items] as ReportItem[];
    const whole = (await report()).body.items as ReportItem[];
    expect(all.map((i) => i.type)).toEqual(whole.map((i) => i.type));
  });

  it('narrows to a time window, and refuses malformed requests', async () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await report(`?from=${future}`)).body.items).toEqual([]);
    expect((await as(auditor).get('/api/v1/audit/patients/not-a-uuid/access-report')).status).toBe(400);
    expect((await report('?limit=501')).status).toBe(400);
    expect((await as(nurse).get(`/api/v1/audit/patients/${patient}/access-report`)).status).toBe(403);
  });
});
