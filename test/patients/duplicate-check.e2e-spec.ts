import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendAll } from '../audit/support/audit-store.js';
import { createUser, login, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  apiAs,
  type Api,
  fieldsOf,
  givenDepartment,
  givenHospital,
  linkCare,
  outboxRows,
  patientBody,
  PROBLEM,
  writeCounts,
} from './support/patients-api.js';

const MATCHED = 'patients.PatientMatchedAsDuplicate.v1';

interface Registered {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  registeringHospitalId: string;
}

interface AuditRow {
  type: string;
  action: string;
  outcome: string;
  actor_id: string;
  resource_type: string;
  resource_id: string;
  patient_id: string;
  reason: string;
  change: Record<string, unknown>;
}

describe('the duplicate check of a registration discloses only what the registrar may read', () => {
  let t: TestApp;
  let asAdmin: Api;
  let asAuditor: Api;
  let hospitalA: string;
  let hospitalB: string;
  let registrarA: UserWithTokens;
  let registrarB: UserWithTokens;
  let deskA: UserWithTokens;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    asAdmin = apiAs(t, await tokenFor(t, 'admin'));
    asAuditor = apiAs(t, await tokenFor(t, 'auditor'));
    hospitalA = await givenHospital(asAdmin);
    hospitalB = await givenHospital(asAdmin);
    const frontA = await givenDepartment(asAdmin, hospitalA, 'FRONT');
    const frontB = await givenDepartment(asAdmin, hospitalB, 'FRONT');
    registrarA = await tokenFor(t, 'receptionist', { hospitalId: hospitalA, departmentId: frontA });
    registrarB = await tokenFor(t, 'receptionist', { hospitalId: hospitalB, departmentId: frontB });
    // A desk that registers but reads no patient at all.
    const role = await asAdmin.post('/roles').send({ name: 'registration_desk', permissions: ['patients:register'] });
    expect(role.status).toBe(201);
    const desk = await createUser(t, { roles: ['registration_desk'], hospitalId: hospitalA, departmentId: frontA });
    deskA = { ...(await login(t, desk.email, desk.password)), userId: desk.id, email: desk.email, password: desk.password };
  });
  afterAll(() => t.close());

  const as = (who: UserWithTokens) => apiAs(t, who);
  const registerAs = async (who: UserWithTokens, body: Record<string, unknown>, query = ''): Promise<Registered> => {
    const res = await as(who).post(`/patients${query}`).send(body);
    expect([res.status, res.body.code]).toEqual([201, undefined]);
    return res.body as Registered;
  };
  /** Another person's details under the same name and birth date. */
  const twinOf = (patient: Pick<Registered, 'firstName' | 'lastName' | 'dateOfBirth'>, over: Record<string, unknown> = {}) =>
    patientBody({ firstName: patient.firstName, lastName: patient.lastName, dateOfBirth: patient.dateOfBirth, ...over });
  /** What the audit store holds of one request, once everything committed has been appended. */
  const audited = async (correlationId: string): Promise<AuditRow[]> => {
    await appendAll(t);
    return t.db.query<AuditRow & Record<string, unknown>>(
      `SELECT type, action, outcome, actor_id, resource_type, resource_id, patient_id, reason, change
         FROM audit_events WHERE correlation_id = $1 ORDER BY sequence`,
      [correlationId],
    );
  };
  const matchEntry = (registrar: UserWithTokens, patientId: string, disclosed: 'listed' | 'counted', purpose = 'PATADMIN') => ({
    type: MATCHED,
    action: 'read',
    outcome: 'success',
    actor_id: registrar.userId,
    resource_type: 'Patient',
    resource_id: patientId,
    patient_id: patientId,
    reason: purpose,
    change: { patientId, disclosed, purposeOfUse: purpose },
  });
  const expectNothingOf = (text: string, patient: Registered, ...more: string[]) => {
    for (const secret of [patient.id, patient.mrn, patient.mrn.replace(/\D/g, ''), patient.registeringHospitalId, ...more]) {
      expect(text).not.toContain(secret);
    }
  };

  it('answers a match outside the registrar’s scope with a count only, and audits the answer though nothing was registered', async () => {
    const elsewhere = await registerAs(registrarB, patientBody());
    const died = await as(registrarB)
      .post(`/patients/${elsewhere.id}/deactivate`)
      .set('If-Match', '"1"')
      .send({ reason: 'deceased' });
    expect(died.status).toBe(200);

    const before = await writeCounts(t);
    const res = await as(registrarA).post('/patients').send(twinOf(elsewhere));
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toEqual({
      type: expect.any(String),
      title: expect.any(String),
      status: 409,
      code: 'PATIENT.POSSIBLE_DUPLICATE',
      detail: expect.stringContaining('1 possible duplicate is outside your scope'),
      instance: '/api/v1/patients',
      correlationId: expect.any(String),
      candidates: [],
      candidatesOutsideScope: 1,
    });
    // Not its id, MRN, hospital or status anywhere in the answer, headers included.
    expectNothingOf(res.text, elsewhere, 'deceased', 'inactive');
    expectNothingOf(JSON.stringify(res.headers), elsewhere, 'deceased');

    // Nothing of the registration was written; the answer alone was recorded, one event per match.
    const after = await writeCounts(t);
    expect(after).toEqual({ ...before, events: before.events + 1 });
    const correlationId = res.body.correlationId as string;
    expect(await audited(correlationId)).toEqual([matchEntry(registrarA, elsewhere.id, 'counted')]);
    // The patient's accounting of access shows who asked.
    const report = await asAuditor.get(`/audit/patients/${elsewhere.id}/access-report`);
    expect(report.status).toBe(200);
    expect(report.body.items).toContainEqual(
      expect.objectContaining({ type: MATCHED, who: expect.objectContaining({ id: registrarA.userId }), why: 'PATADMIN' }),
    );
  });

  it('lists the matches the registrar may read (registered at or linked to their hospital) and counts the others', async () => {
    const ours = await registerAs(registrarA, patientBody());
    // Registered at B: B's registrar was only told of a match elsewhere, and confirmed.
    const toldB = await as(registrarB).post('/patients').send(twinOf(ours));
    expect(toldB.status).toBe(409);
    expect(toldB.body).toMatchObject({ candidates: [], candidatesOutsideScope: 1 });
    expectNothingOf(toldB.text, ours);
    const theirs = await registerAs(registrarB, twinOf(ours), '?allowDuplicate=true');
    const shared = await registerAs(registrarB, twinOf(ours), '?allowDuplicate=true');
    await linkCare(t, shared.id, 'hospital', hospitalA);

    const before = await writeCounts(t);
    const res = await as(registrarA).post('/patients').send(twinOf(ours));
    expect(res.status).toBe(409);
    expect(res.body.candidates).toEqual([
      { id: ours.id, mrn: ours.mrn, externalIdentifiers: [], registeringHospitalId: hospitalA, status: 'active' },
      { id: shared.id, mrn: shared.mrn, externalIdentifiers: [], registeringHospitalId: hospitalB, status: 'active' },
    ]);
    expect(res.body.candidatesOutsideScope).toBe(1);
    expect(res.body.detail).toContain('1 possible duplicate is outside your scope');
    // Hospital B is named, for the listed record registered there; of the other, nothing.
    for (const secret of [theirs.id, theirs.mrn]) expect(res.text).not.toContain(secret);
    // No name or birth date either, though the caller sent them.
    for (const value of [ours.firstName, ours.lastName, ours.dateOfBirth]) expect(res.text).not.toContain(value);

    expect((await writeCounts(t)).patients).toBe(before.patients);
    expect(await audited(res.body.correlationId as string)).toEqual([
      matchEntry(registrarA, ours.id, 'listed'),
      matchEntry(registrarA, theirs.id, 'counted'),
      matchEntry(registrarA, shared.id, 'listed'),
    ]);
  });

  it('still finds a match whatever the case and accents, and still tells nothing of it', async () => {
    const base = patientBody();
    const accented = await registerAs(registrarB, {
      ...base,
      firstName: `Åsa${base.firstName as string}`,
      lastName: `Andersén${base.lastName as string}`,
    });
    const res = await as(registrarA)
      .post('/patients')
      .send(
        twinOf({
          firstName: ` ASA${(base.firstName as string).toUpperCase()} `,
          lastName: `ANDERSEN${(base.lastName as string).toUpperCase()}`,
          dateOfBirth: accented.dateOfBirth,
        }),
      );
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ candidates: [], candidatesOutsideScope: 1 });
    expectNothingOf(res.text, accented);
    expect(await audited(res.body.correlationId as string)).toEqual([matchEntry(registrarA, accented.id, 'counted')]);
  });

  it('shows a registrar who reads no patient counts only, even for matches at their own hospital', async () => {
    const atA = await registerAs(registrarA, patientBody());
    const res = await as(deskA).post('/patients').send(twinOf(atA));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'PATIENT.POSSIBLE_DUPLICATE', candidates: [], candidatesOutsideScope: 1 });
    expectNothingOf(res.text, atA);
    expect(await audited(res.body.correlationId as string)).toEqual([matchEntry(deskA, atA.id, 'counted')]);
  });

  it('records the purpose of use the registrar gives, and refuses one it does not know before looking', async () => {
    const atA = await registerAs(registrarA, patientBody());
    const res = await as(registrarA).post('/patients').set('X-Purpose-Of-Use', 'HOPERAT').send(twinOf(atA));
    expect(res.status).toBe(409);
    expect(await audited(res.body.correlationId as string)).toEqual([matchEntry(registrarA, atA.id, 'listed', 'HOPERAT')]);

    const before = await writeCounts(t);
    const bad = await as(registrarA).post('/patients').set('X-Purpose-Of-Use', 'curiosity').send(twinOf(atA));
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['X-Purpose-Of-Use']);
    expectNothingOf(bad.text, atA);
    expect(await writeCounts(t)).toEqual(before);
  });

  it('registers on confirmation without looking, so a confirmation tells nothing either', async () => {
    const elsewhere = await registerAs(registrarB, patientBody());
    const res = await as(registrarA).post('/patients?allowDuplicate=true').send(twinOf(elsewhere));
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe(elsewhere.id);
    expectNothingOf(res.text, elsewhere);
    const [registered] = await outboxRows(t, res.body.id as string, 'patients.PatientRegistered.v1');
    expect(registered.payload.duplicateConfirmed).toBe(true);
    const entries = await audited(res.headers['x-request-id']);
    expect(entries.map((e) => e.type)).toEqual(['patients.PatientRegistered.v1', 'patients.PatientCareLinked.v1']);
    // A confirmation names no record: anything but true or false is refused.
    const named = await as(registrarA).post(`/patients?allowDuplicate=${elsewhere.id}`).send(twinOf(elsewhere));
    expect(named.status).toBe(400);
    expect(fieldsOf(named.body)).toEqual(['allowDuplicate']);
  });
});
