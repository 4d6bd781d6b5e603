import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bull';
import { waitFor } from '@hms/testing';
import type { Job, Queue } from 'bull';
import { AUDIT_QUEUE, DOMAIN_EVENTS_QUEUE } from '../../src/infrastructure/queue/queue-names.js';
import { PatientMatchedAsDuplicate } from '../../src/modules/patients/domain/patient-matched-as-duplicate.event.js';
import { PatientRecordUnreadable } from '../../src/modules/patients/domain/patient-record-unreadable.event.js';
import { PatientRecordAccessed } from '../../src/modules/patients/index.js';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, givenDepartment, givenHospital, patientBody, personalValuesOf } from './support/patients-api.js';

const JOB_DATA_KEYS = ['aggregateId', 'aggregateType', 'aggregateVersion', 'correlationId', 'eventId', 'outboxId', 'type'];

/**
 * The issue's privacy requirement, end to end: this file's app logs
 * everything (trace), the test runs registrations, reads, searches,
 * updates, merges and failures, and then looks for the test patients'
 * personal values in the logs, in the outbox, in the audit store and in the
 * Bull jobs the relay published.
 */
describe('personal data stays out of logs, events, the audit trail and queues', () => {
  let t: TestApp;
  const people = [patientBody(), patientBody(), patientBody(), patientBody()];
  const values = [...people.flatMap(personalValuesOf), people[0].dateOfBirth as string];
  const lowerValues = values.map((v) => v.toLowerCase());

  const expectNoPersonalValue = (text: string, where: string) => {
    const lower = text.toLowerCase();
    const found = lowerValues.filter((value) => lower.includes(value));
    expect([where, found]).toEqual([where, []]);
  };

  beforeAll(async () => {
    // The first app of the file: its logs are captured reliably.
    t = await startTestApp({ env: { LOG_LEVEL: 'trace', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    const asAdmin = apiAs(t, await tokenFor(t, 'admin'));
    const hospitalId = await givenHospital(asAdmin);
    const otherHospital = await givenHospital(asAdmin);
    const departmentId = await givenDepartment(asAdmin, hospitalId, 'REG');
    const asReceptionist = apiAs(t, await tokenFor(t, 'receptionist', { hospitalId, departmentId }));
    const asNurse = apiAs(t, await tokenFor(t, 'nurse', { hospitalId, departmentId }), 'care-planning');
    const asOutsider = apiAs(t, await tokenFor(t, 'pharmacist', { hospitalId: otherHospital }));
    // Registers anywhere and merges: admin opens no patient record (ADR 25).
    const asOfficer = apiAs(t, await tokenFor(t, 'records_officer'));

    const [first, second, third, fourth] = people;
    const a = await asReceptionist.post('/patients').send(first);
    expect(a.status).toBe(201);
    expect((await asReceptionist.post('/patients').send(first)).status).toBe(409);
    expect((await asReceptionist.post('/patients').send({ ...second, dateOfBirth: '2999-01-01' })).status).toBe(400);
    expect((await asReceptionist.post('/patients').send({ ...second, status: 'active' })).status).toBe(400);
    expect((await asReceptionist.post('/patients').send({ ...second, mrn: 'MRN0000000017' })).status).toBe(422);
    const b = await asReceptionist.post('/patients').send(second);
    const c = await asOfficer.post('/patients').send({ ...third, registeringHospitalId: hospitalId });
    expect([b.status, c.status]).toEqual([201, 201]);

    expect((await asNurse.get(`/patients/${a.body.id}`)).status).toBe(200);
    expect((await asReceptionist.get(`/patients/${a.body.id}`)).status).toBe(200);
    expect((await asOutsider.get(`/patients/${a.body.id}`)).status).toBe(404);
    const search = (query: Record<string, string>) => asNurse.get(`/patients?${new URLSearchParams(query).toString()}`);
    expect((await search({ firstName: first.firstName as string, lastName: first.lastName as string })).status).toBe(200);
    expect((await search({ phone: first.phone as string })).status).toBe(200);
    expect((await search({ email: first.email as string, nationalId: first.nationalId as string })).status).toBe(200);
    expect((await search({ firstName: second.firstName as string })).status).toBe(400);

    const renamed = await asReceptionist
      .patch(`/patients/${b.body.id}`)
      .set('If-Match', '"1"')
      .send({ firstName: fourth.firstName, phone: fourth.phone, email: fourth.email, address: fourth.address });
    expect(renamed.status).toBe(200);
    expect(
      (await asReceptionist.patch(`/patients/${b.body.id}`).set('If-Match', '"1"').send({ lastName: fourth.lastName })).status,
    ).toBe(412);
    expect((await asReceptionist.patch(`/patients/${b.body.id}`).send({ email: 'not an email' })).status).toBe(400);
    expect((await asReceptionist.post(`/patients/${a.body.id}/deactivate`).set('If-Match', '"1"').send({})).status).toBe(200);
    expect((await asOfficer.post(`/patients/${c.body.id}/merge`).send({ intoPatientId: a.body.id })).status).toBe(200);

    // A record that fails its integrity check: a server error, logged.
    await t.db.query('UPDATE patients SET first_name = last_name WHERE id = $1', [b.body.id]);
    expect((await asReceptionist.get(`/patients/${b.body.id}`)).status).toBe(500);

    // Everything committed has been published to the queues and appended to the audit store.
    await waitFor(
      async () => {
        const [row] = await t.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL OR audited_at IS NULL',
        );
        return row.n === 0 ? true : undefined;
      },
      'the outbox to be published and audited',
      { timeoutMs: 20_000, intervalMs: 100 },
    );
  });
  afterAll(() => t.close());

  it('keeps every personal value out of the logs', () => {
    const text = t.logs.text();
    // The logs did capture the run: request lines for the patients routes and the 500's error.
    expect(t.logs.lines.filter((line) => line.includes('/api/v1/patients')).length).toBeGreaterThan(10);
    expect(t.logs.lines.some((line) => line.includes('PatientUnreadableError'))).toBe(true);
    expectNoPersonalValue(text, 'logs');
  });

  it('keeps them out of outbox payloads and the audit store: ciphertexts and ids only', async () => {
    const [outbox] = await t.db.query<{ n: number; text: string }>(
      `SELECT count(*)::int AS n, string_agg(payload::text || actor::text, ' ') AS text FROM outbox WHERE aggregate_type = 'Patient'`,
    );
    expect(outbox.n).toBeGreaterThan(5);
    expectNoPersonalValue(outbox.text, 'outbox');
    // The reads, searches, the unreadable read and the duplicate answer are fact-only: they left the outbox as they were audited (ADR 26).
    const [audit] = await t.db.query<{ n: number; kept: number; factOnly: number; text: string }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = a.event_id))::int AS kept,
              count(*) FILTER (WHERE type = ANY($1::text[]))::int AS "factOnly",
              string_agg(change::text || coalesce(reason, ''), ' ') AS text
         FROM audit_events a WHERE resource_type = 'Patient'`,
      [[PatientRecordAccessed.TYPE, PatientMatchedAsDuplicate.TYPE, PatientRecordUnreadable.TYPE]],
    );
    expect(audit.kept).toBe(outbox.n);
    expect(audit.factOnly).toBeGreaterThan(5);
    expect(audit.n).toBe(outbox.n + audit.factOnly);
    expectNoPersonalValue(audit.text, 'audit store');
  });

  it('keeps them out of Bull jobs, which carry ids only', async () => {
    const jobs: Job[] = [];
    for (const name of [DOMAIN_EVENTS_QUEUE, AUDIT_QUEUE]) {
      const queue = t.app.get<Queue>(getQueueToken(name));
      jobs.push(...(await queue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed'])).filter(Boolean));
    }
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) expect(Object.keys(job.data as object).sort()).toEqual(JOB_DATA_KEYS);
    expectNoPersonalValue(JSON.stringify(jobs.map((job) => job.data as unknown)), 'Bull jobs');
  });
});
