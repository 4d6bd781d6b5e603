import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, outboxRows } from '../patients/support/patients-api.js';
import { type Clinic, givenClinic, givenPatientAt, givenSchedule, overlappingBookings } from './support/appointments-api.js';

const AT = (clock: string, date = '2027-06-01') => `${date}T${clock}:00+01:00`;
const HOUR = 3_600_000;

/**
 * A fixed-offset zone whose clocks now read between 10:00 and 11:00, so that a walk-in always finds
 * slots later "today" whatever time the suite runs (Etc/GMT-5 is UTC+5).
 */
function zoneAtMidMorning(now = new Date()): { zone: string; offsetHours: number } {
  let offsetHours = 10 - now.getUTCHours();
  if (offsetHours > 14) offsetHours -= 24;
  if (offsetHours < -12) offsetHours += 24;
  return { zone: offsetHours === 0 ? 'Etc/UTC' : `Etc/GMT${offsetHours > 0 ? '-' : '+'}${Math.abs(offsetHours)}`, offsetHours };
}

describe('holds, walk-ins and deliberate overbooking', () => {
  let t: TestApp;
  let clinic: Clinic;
  let asDesk: Api;
  let asHead: Api;
  let patientA: string;
  let patientB: string;

  const bookAs = (api: Api, body: Record<string, unknown>) =>
    api.post('/appointments').send({ practitionerId: clinic.doctor.userId, departmentId: clinic.departmentId, ...body });

  beforeAll(async () => {
    t = await startTestApp({
      env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000', APPOINTMENT_DAILY_LIMIT_PER_PRACTITIONER: '2' },
    });
    clinic = await givenClinic(t);
    asDesk = apiAs(t, clinic.receptionist);
    asHead = apiAs(t, clinic.head);
    await givenSchedule(t, clinic);
    patientA = await givenPatientAt(t, clinic);
    patientB = await givenPatientAt(t, clinic);
  });
  afterAll(() => t?.close());

  it('a hold blocks the slot like a booking, becomes the booking, and nobody else gets it meanwhile', async () => {
    const hold = await asDesk
      .post('/appointments/holds')
      .send({ practitionerId: clinic.doctor.userId, departmentId: clinic.departmentId, start: AT('09:00') });
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ status: 'proposed', patientId: null });
    const expires = Date.parse(hold.body.holdExpiresAt as string) - Date.parse(hold.body.createdAt as string);
    expect(expires).toBeGreaterThan(290_000);
    expect(expires).toBeLessThan(310_000);

    const other = await bookAs(asDesk, { patientId: patientB, start: AT('09:00') });
    expect([other.status, other.body.code]).toEqual([409, 'APPOINTMENT.SLOT_TAKEN']);

    const booked = await bookAs(asDesk, { patientId: patientA, start: AT('09:00'), holdId: hold.body.id });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({
      id: hold.body.id,
      status: 'booked',
      patientId: patientA,
      holdExpiresAt: null,
      version: 2,
    });
    const [event] = await outboxRows(t, hold.body.id as string, 'appointments.AppointmentBooked.v1');
    expect(event.payload).toMatchObject({ status: 'booked', patientId: patientA });
    // A hold that became a booking is no hold any more.
    expect((await bookAs(asDesk, { patientId: patientB, start: AT('09:00'), holdId: hold.body.id })).status).toBe(404);
    // A hold names its slot: confirming it for another start is refused, and it stays held.
    const second = await asDesk
      .post('/appointments/holds')
      .send({ practitionerId: clinic.doctor.userId, departmentId: clinic.departmentId, start: AT('09:30') });
    const wrong = await bookAs(asDesk, { patientId: patientB, start: AT('11:30'), holdId: second.body.id });
    expect([wrong.status, wrong.body.errors?.[0]?.field]).toEqual([400, 'holdId']);
    expect((await asDesk.delete(`/appointments/holds/${second.body.id}`)).status).toBe(204);
  });

  it('a lapsed hold lets the slot go to the next booking and can no longer be confirmed', async () => {
    const hold = await asDesk
      .post('/appointments/holds')
      .send({ practitionerId: clinic.doctor.userId, departmentId: clinic.departmentId, start: AT('10:00'), patientId: patientA });
    expect(hold.status).toBe(201);
    // Test setup: its time ran out.
    await t.db.query(`UPDATE appointments SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [hold.body.id]);
    const taken = await bookAs(asDesk, { patientId: patientB, start: AT('10:00') });
    expect(taken.status).toBe(201);
    const late = await bookAs(asDesk, { patientId: patientA, start: AT('10:00'), holdId: hold.body.id });
    expect([late.status, late.body.code]).toEqual([409, 'APPOINTMENT.HOLD_LAPSED']);
    const [row] = await t.db.query<{ status: string; cancellation_reason: string }>(
      'SELECT status, cancellation_reason FROM appointments WHERE id = $1',
      [hold.body.id],
    );
    expect(row).toEqual({ status: 'cancelled', cancellation_reason: 'hold lapsed' });
    const [released] = await outboxRows(t, hold.body.id as string, 'appointments.AppointmentHoldReleased.v1');
    expect(released.payload).toMatchObject({ lapsed: true });
    expect(await overlappingBookings(t)).toBe(0);
  });

  it('releases a hold; a booking cannot be released', async () => {
    const hold = await asDesk
      .post('/appointments/holds')
      .send({ practitionerId: clinic.doctor.userId, departmentId: clinic.departmentId, start: AT('11:00', '2027-06-02') });
    expect((await asDesk.delete(`/appointments/holds/${hold.body.id}`)).status).toBe(204);
    expect((await asDesk.delete(`/appointments/holds/${hold.body.id}`)).status).toBe(204);
    const free = await bookAs(asDesk, { patientId: patientA, start: AT('11:00', '2027-06-02') });
    expect(free.status).toBe(201);
    expect((await asDesk.delete(`/appointments/holds/${free.body.id}`)).status).toBe(404);
  });

  it('overbooking: only appointments:overbook, with a reason, past the daily limit or into a taken slot, audited', async () => {
    // The limit here is 2 a day: 2027-06-01 holds 09:00 and 10:00 already.
    const third = await bookAs(asDesk, { patientId: patientA, start: AT('14:00') });
    expect([third.status, third.body.code]).toEqual([422, 'APPOINTMENT.DAILY_LIMIT_REACHED']);
    const deskTries = await bookAs(asDesk, { patientId: patientA, start: AT('14:00'), overbookReason: 'Urgent review' });
    expect([deskTries.status, deskTries.body.code]).toEqual([403, 'APPOINTMENT.OVERBOOK_NOT_ALLOWED']);

    const pastLimit = await bookAs(asHead, { patientId: patientA, start: AT('14:00'), overbookReason: 'Urgent review' });
    expect(pastLimit.status).toBe(201);
    expect(pastLimit.body.overbooked).toBe(true);
    const intoTaken = await bookAs(asHead, { patientId: patientA, start: AT('10:00'), overbookReason: 'Second opinion' });
    expect(intoTaken.status).toBe(201);
    const [row] = await t.db.query<{ overbook_reason: string }>('SELECT overbook_reason FROM appointments WHERE id = $1', [
      intoTaken.body.id,
    ]);
    expect(row.overbook_reason).toBe('Second opinion');
    // The patient's own time is never overbooked.
    const patientTwice = await bookAs(asHead, { patientId: patientA, start: AT('10:00'), overbookReason: 'Again' });
    expect([patientTwice.status, patientTwice.body.code]).toEqual([409, 'APPOINTMENT.PATIENT_DOUBLE_BOOKED']);
    // Audited through its event, which says it was overbooked and keeps the reason (free text) out.
    const [event] = await outboxRows(t, intoTaken.body.id as string, 'appointments.AppointmentBooked.v1');
    expect(event.payload).toMatchObject({ overbooked: true });
    expect(JSON.stringify(event.payload)).not.toContain('Second opinion');
  });

  it('walk-ins: from now for later today, exempt from the lead time, every other rule still applies', async () => {
    const { zone } = zoneAtMidMorning();
    const walkInClinic = await givenClinic(t, zone);
    await givenSchedule(t, walkInClinic);
    const patientId = await givenPatientAt(t, walkInClinic);
    const desk = apiAs(t, walkInClinic.receptionist);
    // The next half hour on the local clock, at least a minute ahead.
    const next = new Date(Math.ceil((Date.now() + 60_000) / (30 * 60_000)) * 30 * 60_000);
    const body = {
      practitionerId: walkInClinic.doctor.userId,
      departmentId: walkInClinic.departmentId,
      patientId,
      start: next.toISOString(),
    };
    const planned = await desk.post('/appointments').send(body);
    expect([planned.status, planned.body.code]).toEqual([422, 'APPOINTMENT.LEAD_TIME']);
    const walkIn = await desk.post('/appointments').send({ ...body, walkIn: true });
    expect(walkIn.status).toBe(201);
    expect(walkIn.body.walkIn).toBe(true);
    const tomorrow = await desk
      .post('/appointments')
      .send({ ...body, start: new Date(next.getTime() + 24 * HOUR).toISOString(), walkIn: true });
    expect([tomorrow.status, tomorrow.body.code]).toEqual([422, 'APPOINTMENT.LEAD_TIME']);
    const offGrid = await desk
      .post('/appointments')
      .send({ ...body, start: new Date(next.getTime() + 10 * 60_000).toISOString(), walkIn: true });
    expect([offGrid.status, offGrid.body.code]).toEqual([422, 'APPOINTMENT.SLOT_MISALIGNED']);
  });
});
