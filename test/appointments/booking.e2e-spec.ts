import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, outboxRows } from '../patients/support/patients-api.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { tokenFor } from '../support/auth.js';
import { type Clinic, givenClinic, givenPatientAt, givenSchedule, overlappingBookings } from './support/appointments-api.js';

/** A Monday in Lisbon's summer time (+01:00), well ahead of the lead time. */
const AT = (clock: string, date = '2027-04-05') => `${date}T${clock}:00+01:00`;

/** Booking over HTTP: the rules, each with its code; idempotency; scope; and what lands in the database and the outbox. */
describe('booking appointments', () => {
  let t: TestApp;
  let clinic: Clinic;
  let asDesk: Api;
  let patientId: string;

  const book = (body: Record<string, unknown>, api = asDesk) =>
    api.post('/appointments').send({
      practitionerId: clinic.doctor.userId,
      departmentId: clinic.departmentId,
      patientId,
      ...body,
    });

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    clinic = await givenClinic(t);
    asDesk = apiAs(t, clinic.receptionist);
    await givenSchedule(t, clinic);
    patientId = await givenPatientAt(t, clinic);
  });
  afterAll(() => t?.close());

  it('books a slot: times in UTC and local, the schedule’s price, one period kept, AppointmentBooked in the outbox', async () => {
    const res = await book({ start: AT('09:00') });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/appointments/${res.body.id}`);
    expect(res.body).toMatchObject({
      status: 'booked',
      practitionerId: clinic.doctor.userId,
      departmentId: clinic.departmentId,
      hospitalId: clinic.hospitalId,
      patientId,
      start: '2027-04-05T08:00:00.000Z',
      end: '2027-04-05T08:30:00.000Z',
      localStart: '2027-04-05T09:00:00+01:00',
      localEnd: '2027-04-05T09:30:00+01:00',
      localDate: '2027-04-05',
      timeZone: 'Europe/Lisbon',
      price: { amountMinor: 6000, currency: 'EUR' },
      rescheduleCount: 0,
      walkIn: false,
      overbooked: false,
    });
    const periods = await t.db.query<{ seq: number }>('SELECT seq FROM appointment_periods WHERE appointment_id = $1', [
      res.body.id,
    ]);
    expect(periods).toEqual([{ seq: 1 }]);
    const [event] = await outboxRows(t, res.body.id as string, 'appointments.AppointmentBooked.v1');
    expect(event.payload).toMatchObject({
      appointmentId: res.body.id,
      patientId,
      status: 'booked',
      start: '2027-04-05T08:00:00.000Z',
      priceMinor: 6000,
      currency: 'EUR',
    });
  });

  it('refuses each broken rule with its own code and what would be allowed', async () => {
    const soon = new Date(Date.now() + 30 * 60_000).toISOString();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ start: soon }, 422, 'APPOINTMENT.LEAD_TIME'],
      [{ start: AT('08:00') }, 422, 'APPOINTMENT.OUTSIDE_CLINIC_HOURS'],
      [{ start: AT('17:45'), end: AT('18:15') }, 422, 'APPOINTMENT.OUTSIDE_CLINIC_HOURS'],
      [{ start: AT('12:00') }, 422, 'APPOINTMENT.OUTSIDE_SCHEDULE'],
      [{ start: AT('09:10') }, 422, 'APPOINTMENT.SLOT_MISALIGNED'],
      [{ start: AT('09:30'), end: AT('10:30') }, 422, 'APPOINTMENT.SLOT_MISALIGNED'],
      [{ start: AT('10:00'), departmentId: clinic.otherDepartmentId }, 422, 'APPOINTMENT.DEPARTMENT_MISMATCH'],
      [{ start: AT('09:00') }, 409, 'APPOINTMENT.SLOT_TAKEN'],
    ];
    for (const [body, status, code] of cases) {
      const res = await book(body);
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const lead = await book({ start: soon });
    expect(lead.body.earliestStart).toEqual(expect.any(String));
    const misaligned = await book({ start: AT('09:10') });
    expect(misaligned.body).toMatchObject({ slotMinutes: 30 });
    const taken = await book({ start: AT('09:00') });
    expect(taken.body.nextFreeSlot).toEqual({ start: '2027-04-05T09:30:00+01:00', end: '2027-04-05T10:00:00+01:00' });
    const backwards = await book({ start: AT('10:00'), end: AT('09:30') });
    expect([backwards.status, backwards.body.errors]).toEqual([400, [{ field: 'end', message: 'end must be after start' }]]);
    const malformed = await book({ start: '2027-04-05 10:00' });
    expect(malformed.status).toBe(400);
    // Nothing half-written: one appointment from the first test, no more.
    const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM appointments');
    expect(n).toBe(1);
  });

  it('refuses leave and a patient booked elsewhere at that time', async () => {
    const leave = await apiAs(t, clinic.head)
      .post(`/practitioners/${clinic.doctor.userId}/leave`)
      .send({ kind: 'leave', start: AT('00:00', '2027-04-06'), end: AT('00:00', '2027-04-07'), reason: 'Conference' });
    expect(leave.status).toBe(201);
    const onLeave = await book({ start: AT('10:00', '2027-04-06') });
    expect([onLeave.status, onLeave.body.code]).toEqual([422, 'APPOINTMENT.PRACTITIONER_ON_LEAVE']);

    await givenSchedule(t, clinic, clinic.secondDoctor);
    const first = await book({ start: AT('10:00') });
    expect(first.status).toBe(201);
    const elsewhere = await book({ start: AT('10:00'), practitionerId: clinic.secondDoctor.userId });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([409, 'APPOINTMENT.PATIENT_DOUBLE_BOOKED']);
    expect(await overlappingBookings(t)).toBe(0);
  });

  it('replays the same Idempotency-Key and body, and refuses the key with another body', async () => {
    const body = { start: AT('11:00') };
    const first = await book(body).set('Idempotency-Key', 'desk-7-0001');
    expect(first.status).toBe(201);
    const again = await book(body).set('Idempotency-Key', 'desk-7-0001');
    expect([again.status, again.headers['idempotent-replayed'], again.body.id]).toEqual([200, 'true', first.body.id]);
    const other = await book({ start: AT('11:30') }).set('Idempotency-Key', 'desk-7-0001');
    expect([other.status, other.body.code]).toEqual([422, 'APPOINTMENT.IDEMPOTENCY_KEY_REUSED']);
    const [{ n }] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM appointments WHERE idempotency_key = 'desk-7-0001'`,
    );
    expect(n).toBe(1);
  });

  it('answers 404 for unknown or out-of-scope practitioners and patients, the refusal audited', async () => {
    const unknown = await book({ start: AT('13:00'), practitionerId: '0192a000-0000-7000-8000-000000000000' });
    expect(unknown.status).toBe(404);
    const notADoctor = await book({ start: AT('13:00'), practitionerId: clinic.receptionist.userId });
    expect(notADoctor.status).toBe(404);
    const unknownPatient = await book({ start: AT('13:00'), patientId: '0192a000-0000-7000-8000-000000000001' });
    expect(unknownPatient.status).toBe(404);

    // A front desk of another hospital reaches neither this department nor its patients.
    const elsewhere = await givenClinic(t);
    const farDesk = apiAs(t, elsewhere.receptionist);
    const far = await book({ start: AT('13:00') }, farDesk);
    expect(far.status).toBe(404);
    const refusals = await queryAudited<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM ${AUDITED_EVENTS} WHERE type = 'authz.AccessDenied.v1' AND actor->>'id' = $1`,
      [elsewhere.receptionist.userId],
    );
    expect(refusals.map((r) => r.payload.permission)).toEqual(['appointments:book']);

    // A nurse holds no appointments:book.
    const nurse = await tokenFor(t, 'nurse', { hospitalId: clinic.hospitalId, departmentId: clinic.departmentId });
    expect((await book({ start: AT('13:00') }, apiAs(t, nurse))).status).toBe(403);
  });

  it('books only an active, unmerged patient with an active practitioner', async () => {
    const asOfficer = apiAs(t, clinic.officer);
    const duplicate = await givenPatientAt(t, clinic);
    const survivor = await givenPatientAt(t, clinic);
    expect((await asOfficer.post(`/patients/${duplicate}/merge`).send({ intoPatientId: survivor })).status).toBe(200);
    const merged = await book({ start: AT('14:00'), patientId: duplicate });
    expect([merged.status, merged.body.code, merged.body.survivingPatientId]).toEqual([
      409,
      'APPOINTMENT.PATIENT_MERGED',
      survivor,
    ]);

    const leaving = await givenPatientAt(t, clinic);
    const deactivated = await asOfficer
      .post(`/patients/${leaving}/deactivate`)
      .set('If-Match', '"1"')
      .send({ reason: 'deceased' });
    expect(deactivated.status).toBe(200);
    const inactive = await book({ start: AT('14:00'), patientId: leaving });
    expect([inactive.status, inactive.body.code]).toEqual([422, 'APPOINTMENT.PATIENT_INACTIVE']);

    const gone = await clinic.asAdmin.post(`/users/${clinic.secondDoctor.userId}/deactivate`).send({});
    expect(gone.status).toBeLessThan(300);
    const withGone = await book({ start: AT('14:00'), practitionerId: clinic.secondDoctor.userId });
    expect([withGone.status, withGone.body.code]).toEqual([422, 'APPOINTMENT.PRACTITIONER_INACTIVE']);
  });

  it('keeps schedules honest: unreal times and overlaps 400, a second schedule over the same hours 409', async () => {
    const asHead = apiAs(t, clinic.head);
    const bad = await asHead.post(`/practitioners/${clinic.doctor.userId}/schedules`).send({
      departmentId: clinic.departmentId,
      effectiveFrom: '2027-01-01',
      currency: 'EUR',
      weeklyHours: [
        { weekday: 1, start: '09:00', end: '25:00' },
        { weekday: 2, start: '09:00', end: '12:00' },
        { weekday: 2, start: '11:00', end: '13:00' },
      ],
    });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['weeklyHours[0].end', 'weeklyHours[2]']);
    const radiology = {
      departmentId: clinic.otherDepartmentId,
      effectiveFrom: '2027-01-01',
      currency: 'EUR',
      weeklyHours: [{ weekday: 3, start: '10:00', end: '11:00' }],
    };
    // The head of outpatients keeps no radiology schedules: out of scope, 404.
    expect((await asHead.post(`/practitioners/${clinic.doctor.userId}/schedules`).send(radiology)).status).toBe(404);
    // An administrator may, but the doctor cannot be in radiology while holding outpatient hours.
    const clash = await clinic.asAdmin.post(`/practitioners/${clinic.doctor.userId}/schedules`).send(radiology);
    expect([clash.status, clash.body.code]).toEqual([409, 'APPOINTMENT.SCHEDULE_CONFLICT']);
    // The front desk keeps no schedules.
    const desk = await asDesk.post(`/practitioners/${clinic.doctor.userId}/schedules`).send({});
    expect(desk.status).toBe(403);
  });
});
