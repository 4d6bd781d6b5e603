import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, outboxRows } from '../patients/support/patients-api.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { type Clinic, givenClinic, givenPatientAt, givenSchedule } from './support/appointments-api.js';

const AT = (clock: string) => `2027-06-08T${clock}:00+01:00`;

/** A hospital's clinic hours: defaults until set, set only hospital-wide, and every booking within them. */
describe('clinic hours', () => {
  let t: TestApp;
  let clinic: Clinic;
  let patientId: string;

  const hours = () => apiAs(t, clinic.receptionist).get(`/hospitals/${clinic.hospitalId}/clinic-hours`);
  const book = (start: string) =>
    apiAs(t, clinic.receptionist)
      .post('/appointments')
      .send({ practitionerId: clinic.doctor.userId, departmentId: clinic.departmentId, patientId, start });

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    clinic = await givenClinic(t);
    // A long working day: the clinic's hours decide which part of it is bookable.
    await givenSchedule(t, clinic, clinic.doctor, {
      weeklyHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '07:00', end: '21:00' })),
    });
    patientId = await givenPatientAt(t, clinic);
  });
  afterAll(() => t?.close());

  it('keeps the defaults until set: 09:00 to 18:00 local', async () => {
    const res = await hours();
    expect(res.body).toEqual({
      hospitalId: clinic.hospitalId,
      opens: '09:00',
      closes: '18:00',
      timeZone: 'Europe/Lisbon',
      custom: false,
    });
    expect((await book(AT('08:00'))).body.code).toBe('APPOINTMENT.OUTSIDE_CLINIC_HOURS');
  });

  it('is set hospital-wide only: a department head is refused as out of scope, audited', async () => {
    const res = await apiAs(t, clinic.head)
      .put(`/hospitals/${clinic.hospitalId}/clinic-hours`)
      .send({ opens: '08:00', closes: '20:00' });
    expect(res.status).toBe(404);
    const refusals = await queryAudited<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM ${AUDITED_EVENTS} WHERE type = 'authz.AccessDenied.v1' AND actor->>'id' = $1`,
      [clinic.head.userId],
    );
    expect(refusals.map((r) => [r.payload.permission, r.payload.resourceType])).toEqual([['schedules:manage', 'Hospital']]);
    expect((await apiAs(t, clinic.receptionist).put(`/hospitals/${clinic.hospitalId}/clinic-hours`).send({})).status).toBe(403);
    expect((await hours()).body.custom).toBe(false);
  });

  it('set by an administrator, moves what may be booked; refuses hours that are none', async () => {
    for (const body of [
      { opens: '20:00', closes: '08:00' },
      { opens: '08:00', closes: '25:00' },
      { opens: '8:00', closes: '20:00' },
      { opens: '24:00', closes: '24:00' },
    ]) {
      expect((await clinic.asAdmin.put(`/hospitals/${clinic.hospitalId}/clinic-hours`).send(body)).status).toBe(400);
    }
    const set = await clinic.asAdmin
      .put(`/hospitals/${clinic.hospitalId}/clinic-hours`)
      .send({ opens: '08:00', closes: '20:00' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ opens: '08:00', closes: '20:00', custom: true });
    const [event] = await outboxRows(t, clinic.hospitalId, 'appointments.ClinicHoursSet.v1');
    expect(event.payload).toEqual({ hospitalId: clinic.hospitalId, opens: '08:00', closes: '20:00' });

    expect((await book(AT('08:00'))).status).toBe(201);
    expect((await book(AT('19:30'))).status).toBe(201);
    const early = await book(AT('07:30'));
    expect([early.status, early.body.code, early.body.opens]).toEqual([422, 'APPOINTMENT.OUTSIDE_CLINIC_HOURS', '08:00']);
    const slots = await apiAs(t, clinic.receptionist).get(
      `/practitioners/${clinic.doctor.userId}/availability?from=${encodeURIComponent(AT('00:00'))}&to=${encodeURIComponent('2027-06-09T00:00:00+01:00')}`,
    );
    expect(slots.status).toBe(200);
    const starts = (slots.body.slots as { localStart: string }[]).map((s) => s.localStart.slice(11, 16));
    expect(starts[0]).toBe('08:30');
    expect(starts.at(-1)).toBe('19:00');
    expect(starts).toHaveLength(22);
  });
});
