import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api } from '../patients/support/patients-api.js';
import { type Clinic, givenClinic, givenPatientAt, givenSchedule, overlappingBookings } from './support/appointments-api.js';

/** A Tuesday in Lisbon's summer time. */
const AT = (clock: string, date = '2027-05-04') => `${date}T${clock}:00+01:00`;

/**
 * No double booking and an exact daily limit, proven by racing real requests: PostgreSQL's exclusion
 * constraints and the per-day advisory lock decide, whatever the interleaving.
 */
describe('booking under concurrency', () => {
  let t: TestApp;
  let clinic: Clinic;
  let asDesk: Api;
  let patients: string[];

  const book = (body: Record<string, unknown>) =>
    asDesk.post('/appointments').send({ departmentId: clinic.departmentId, ...body });

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    clinic = await givenClinic(t);
    asDesk = apiAs(t, clinic.receptionist);
    await givenSchedule(t, clinic);
    // Quarter-hour slots: 32 a day, more than the daily limit of 8.
    await givenSchedule(t, clinic, clinic.secondDoctor, { slotMinutes: 15 });
    patients = [];
    for (let i = 0; i < 50; i++) patients.push(await givenPatientAt(t, clinic));
  });
  afterAll(() => t?.close());

  it('50 simultaneous bookings of one slot: exactly one succeeds, the rest answer the slot taken', async () => {
    const answers = await Promise.all(
      patients.map((patientId) => book({ practitionerId: clinic.doctor.userId, patientId, start: AT('10:00') })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 409 && r.body.code === 'APPOINTMENT.SLOT_TAKEN')).toHaveLength(49);
    const [{ n }] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM appointments WHERE practitioner_id = $1 AND status = 'booked'`,
      [clinic.doctor.userId],
    );
    expect(n).toBe(1);
    expect(await overlappingBookings(t)).toBe(0);
  });

  it('20 simultaneous bookings of one practitioner’s free slots on one day: exactly 8 succeed', async () => {
    const slots = Array.from({ length: 20 }, (_, i) => {
      const minutes = 13 * 60 + i * 15;
      return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    });
    const answers = await Promise.all(
      slots.map((clock, i) =>
        book({ practitionerId: clinic.secondDoctor.userId, patientId: patients[i], start: AT(clock, '2027-05-05') }),
      ),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(8);
    const refused = answers.filter((r) => r.status !== 201);
    expect(refused.map((r): [number, unknown] => [r.status, r.body.code])).toEqual(
      Array.from({ length: 12 }, () => [422, 'APPOINTMENT.DAILY_LIMIT_REACHED']),
    );
    expect(refused[0].body).toMatchObject({ limit: 8, localDate: '2027-05-05' });
    const [{ n }] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM appointments WHERE practitioner_id = $1 AND local_date = '2027-05-05'`,
      [clinic.secondDoctor.userId],
    );
    expect(n).toBe(8);
  });

  it('one patient raced into the same time with two practitioners: one booking stands', async () => {
    const patientId = patients[30];
    const answers = await Promise.all([
      book({ practitionerId: clinic.doctor.userId, patientId, start: AT('15:00', '2027-05-06') }),
      book({ practitionerId: clinic.secondDoctor.userId, patientId, start: AT('15:00', '2027-05-06') }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.status === 409)!.body.code).toBe('APPOINTMENT.PATIENT_DOUBLE_BOOKED');
    expect(await overlappingBookings(t)).toBe(0);
  });

  it('the same Idempotency-Key sent five times at once books once', async () => {
    const body = { practitionerId: clinic.doctor.userId, patientId: patients[40], start: AT('11:00', '2027-05-07') };
    const answers = await Promise.all(Array.from({ length: 5 }, () => book(body).set('Idempotency-Key', 'race-key-1')));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((r) => r.body.id as string)).size).toBe(1);
    const [{ n }] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM appointments WHERE idempotency_key = 'race-key-1'`,
    );
    expect(n).toBe(1);
  });
});
