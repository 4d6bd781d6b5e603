import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@hms/testing';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  apiAs,
  type Api,
  auditedRows,
  fieldsOf,
  givenDepartment,
  givenHospital,
  patientBody,
  personalValuesOf,
  PROBLEM,
} from './support/patients-api.js';

interface VersionBody {
  version: number;
  type: string;
  occurredAt: string;
  actor: { id: string; kind: string };
  patient: Record<string, unknown> & { version: number };
}

/** Returns once the clock has moved on by a millisecond (the resolution of recorded instants). */
async function nextMillisecond(): Promise<void> {
  const start = Date.now();
  while (Date.now() === start) await new Promise((resolve) => setImmediate(resolve));
}

describe('patient history and asOf, from the audit event store', () => {
  let t: TestApp;
  let asReceptionist: Api;
  let asNurse: Api;
  let asOtherReceptionist: Api;
  let receptionistId: string;
  const body = patientBody();
  let patientId: string;
  /** Instants: before registration, after each of the four versions. */
  const at: Date[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    const asAdmin = apiAs(t, await tokenFor(t, 'admin'));
    const hospitalA = await givenHospital(asAdmin);
    const hospitalB = await givenHospital(asAdmin);
    const departmentId = await givenDepartment(asAdmin, hospitalA, 'HIS');
    const receptionist = await tokenFor(t, 'receptionist', { hospitalId: hospitalA, departmentId });
    receptionistId = receptionist.userId;
    asReceptionist = apiAs(t, receptionist);
    asNurse = apiAs(t, await tokenFor(t, 'nurse', { hospitalId: hospitalA, departmentId }), 'care-coordination');
    asOtherReceptionist = apiAs(t, await tokenFor(t, 'receptionist', { hospitalId: hospitalB }));

    // Each instant in a millisecond of its own, so it falls strictly between the versions recorded around it.
    at.push(new Date());
    await nextMillisecond();
    const registered = await asReceptionist.post('/patients').send({ ...body, registeringHospitalId: hospitalA });
    expect(registered.status).toBe(201);
    patientId = registered.body.id as string;
    await nextMillisecond();
    at.push(new Date());
    await nextMillisecond();
    const renamed = await asReceptionist.patch(`/patients/${patientId}`).set('If-Match', '"1"').send({ lastName: 'Renamedor' });
    expect(renamed.status).toBe(200);
    await nextMillisecond();
    at.push(new Date());
    await nextMillisecond();
    const rephoned = await asReceptionist
      .patch(`/patients/${patientId}`)
      .set('If-Match', '"2"')
      .send({ phone: '+351 21 000 1111' });
    expect(rephoned.status).toBe(200);
    await nextMillisecond();
    at.push(new Date());
    await nextMillisecond();
    const deceased = await asReceptionist
      .post(`/patients/${patientId}/deactivate`)
      .set('If-Match', '"3"')
      .send({ reason: 'deceased' });
    expect(deceased.status).toBe(200);
    await nextMillisecond();
    at.push(new Date());
  });
  afterAll(() => t.close());

  const completeHistory = (api: Api) =>
    waitFor(async () => {
      const res = await api.get(`/patients/${patientId}/history`);
      return res.status === 200 && res.body.complete === true ? res : undefined;
    }, 'the audit writer to append every version');

  it('lists every version oldest first, each the whole record as it stood, with who made it', async () => {
    const res = await completeHistory(asReceptionist);
    const versions = res.body.versions as VersionBody[];
    expect(res.body.patientId).toBe(patientId);
    expect(versions.map((v) => [v.version, v.type, v.patient.version])).toEqual([
      [1, 'patients.PatientRegistered.v1', 1],
      [2, 'patients.PatientUpdated.v1', 2],
      [3, 'patients.PatientUpdated.v1', 3],
      [4, 'patients.PatientDeactivated.v1', 4],
    ]);
    expect(versions.every((v) => v.actor.id === receptionistId && v.actor.kind === 'user')).toBe(true);
    expect(versions.map((v) => v.patient.lastName)).toEqual([body.lastName, 'Renamedor', 'Renamedor', 'Renamedor']);
    expect(versions.map((v) => v.patient.phone)).toEqual([body.phone, body.phone, '+351 21 000 1111', '+351 21 000 1111']);
    expect(versions.map((v) => v.patient.status)).toEqual(['active', 'active', 'active', 'deceased']);
    expect(versions[0].patient).toMatchObject({ firstName: body.firstName, email: body.email, nationalId: body.nationalId });
    // Unchanged fields keep their values through every version.
    expect(new Set(versions.map((v) => v.patient.firstName))).toEqual(new Set([body.firstName]));
  });

  it('masks each version like the current record for a caller without patients:read-sensitive', async () => {
    const res = await completeHistory(asNurse);
    const versions = res.body.versions as VersionBody[];
    expect(versions[0].patient.lastName).toBe(body.lastName);
    expect(versions[0].patient.phone).toMatch(/^\*+\d{4}$/);
    expect(versions[2].patient.phone).toBe('************1111');
    expect(JSON.stringify(res.body)).not.toContain(body.email);
  });

  it('answers ?asOf= with the record as it stood then, and the current record from its last change on', async () => {
    const cases: [Date, number, string][] = [
      [at[1], 1, body.lastName as string],
      [at[2], 2, 'Renamedor'],
      [at[3], 3, 'Renamedor'],
      [at[4], 4, 'Renamedor'],
    ];
    for (const [instant, version, lastName] of cases) {
      const res = await waitFor(async () => {
        const answer = await asReceptionist.get(`/patients/${patientId}?asOf=${instant.toISOString()}`);
        return answer.status === 200 ? answer : undefined;
      }, `the record as of version ${version}`);
      expect(res.body).toMatchObject({ id: patientId, version, lastName });
      // A past state is no version to send back in If-Match.
      expect(res.headers.etag ?? '').not.toMatch(/^"\d+"$/);
    }
    const beforeChanges = await asReceptionist.get(`/patients/${patientId}?asOf=${at[2].toISOString()}`);
    expect(beforeChanges.body).toMatchObject({ status: 'active', phone: body.phone });
  });

  it('answers 404 for an instant before registration', async () => {
    const res = await asReceptionist.get(`/patients/${patientId}?asOf=${at[0].toISOString()}`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
  });

  it.each([
    ['a future instant', new Date(Date.now() + 3_600_000).toISOString()],
    ['an impossible date', '2026-02-31T08:00:00Z'],
    ['no offset', '2026-11-01T08:00:00'],
    ['words', 'yesterday'],
  ])('answers 400 naming asOf for %s', async (_case, value) => {
    const res = await asReceptionist.get(`/patients/${patientId}?asOf=${encodeURIComponent(value)}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(fieldsOf(res.body)).toEqual(['asOf']);
  });

  it('answers 400 for an unknown query parameter', async () => {
    const res = await asReceptionist.get(`/patients/${patientId}?version=1`);
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['version']);
  });

  it('records each history and asOf read as an access with its purpose, and no personal value', async () => {
    await completeHistory(asNurse);
    await asNurse.get(`/patients/${patientId}?asOf=${at[1].toISOString()}`).expect(200);
    const accesses = await auditedRows(t, patientId, 'patients.PatientRecordAccessed.v1');
    const nurseAccesses = accesses.filter((row) => row.payload.purposeOfUse === 'COC');
    expect(nurseAccesses.some((row) => row.payload.access === 'history')).toBe(true);
    expect(nurseAccesses.at(-1)?.payload).toEqual({
      patientId,
      access: 'read',
      purposeOfUse: 'COC',
      asOf: at[1].toISOString(),
    });
    const text = JSON.stringify(accesses);
    for (const value of personalValuesOf(body)) expect(text).not.toContain(value);
  });

  it('answers 404 out of scope, as for a missing patient, and audits the refusal', async () => {
    for (const path of [`/patients/${patientId}/history`, `/patients/${patientId}?asOf=${at[1].toISOString()}`]) {
      const res = await asOtherReceptionist.get(path);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(body.lastName);
    }
    const denied = await queryAudited<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM ${AUDITED_EVENTS} WHERE type = 'authz.AccessDenied.v1' AND payload->>'resourceId' = $1 ORDER BY sequence`,
      [patientId],
    );
    expect(denied.length).toBeGreaterThanOrEqual(2);
    expect(denied[0].payload).toMatchObject({ reason: 'out-of-scope', resourceType: 'Patient' });
  });
});
