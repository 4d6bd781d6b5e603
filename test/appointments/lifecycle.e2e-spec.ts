import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, outboxRows } from '../patients/support/patients-api.js';
import { AUDITED_EVENTS, queryAudited } from '../support/audited-events.js';
import { tokenFor, type UserWithTokens } from '../support/auth.js';
import { uniqueSuffix } from '../support/test-env.js';
import { type Clinic, givenClinic, givenPatientAt, givenSchedule, overlappingBookings } from './support/appointments-api.js';

/** Lisbon's summer time (+01:00), months ahead: every day of the test schedule has slots then. */
const AT = (clock: string, date: string) => `${date}T${clock}:00+01:00`;
const MINUTE = 60_000;
const DAILY_LIMIT = 3;

interface AppointmentRow {
  readonly status: string;
  readonly starts_at: Date;
  readonly local_date: string;
  readonly reschedule_count: number;
  readonly cancellation_reason: string | null;
  readonly fee_percent: number | null;
  readonly fee_minor: string | null;
  readonly encounter_id: string | null;
  readonly overbooked: boolean;
  readonly version: number;
}

/**
 * What follows a booking, over HTTP: reschedule, cancel (fee tiers), no-show,
 * check-in, start (the EMR encounter) and complete; scope, concurrency, the
 * outbox and the metrics.
 */
describe('after booking', () => {
  let t: TestApp;
  let clinic: Clinic;
  let asDesk: Api;
  let asDoctor: Api;
  let asHead: Api;

  const book = async (patientId: string, start: string, over: Record<string, unknown> = {}, api = asDesk) => {
    const res = await api.post('/appointments').send({
      practitionerId: clinic.doctor.userId,
      departmentId: clinic.departmentId,
      patientId,
      start,
      ...over,
    });
    if (res.status !== 201) throw new Error(`booking: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number };
  };
  const step = (id: string, action: string, body: Record<string, unknown> = {}, api = asDesk) =>
    api.post(`/appointments/${id}/${action}`).send(body);
  const rowOf = async (id: string): Promise<AppointmentRow> => {
    const [row] = await t.db.query<AppointmentRow & Record<string, unknown>>(
      `SELECT status, lower(period) AS starts_at, to_char(local_date, 'YYYY-MM-DD') AS local_date, reschedule_count,
              cancellation_reason, fee_percent, fee_minor, encounter_id, overbooked, version
         FROM appointments WHERE id = $1`,
      [id],
    );
    return row;
  };
  const periodsOf = async (id: string) =>
    (
      await t.db.query<{ start: Date; end: Date }>(
        `SELECT lower(period) AS start, upper(period) AS "end" FROM appointment_periods WHERE appointment_id = $1 ORDER BY seq`,
        [id],
      )
    ).map((p) => [new Date(p.start).toISOString(), new Date(p.end).toISOString()]);
  /**
   * Test setup, not behaviour under test: the API books only from the lead
   * time on, so an appointment near or past its start is made by moving a
   * booked one's period in the database, to [now + fromMinutes, +5 minutes).
   * Each test moves to its own minutes, so no two moved periods overlap.
   */
  const moveStart = async (id: string, fromMinutes: number) => {
    const start = new Date(Date.now() + fromMinutes * MINUTE);
    await t.db.query(`UPDATE appointments SET period = tstzrange($2, $3, '[)') WHERE id = $1`, [
      id,
      start,
      new Date(start.getTime() + 5 * MINUTE),
    ]);
  };
  const metric = async (series: string) => {
    const res = await t.http().get('/metrics');
    const line = res.text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : undefined;
  };
  const denials = (user: UserWithTokens) =>
    queryAudited<{ payload: Record<string, unknown> }>(
      t,
      `SELECT change AS payload FROM audit_events WHERE type = 'authz.AccessDenied.v1' AND actor->>'id' = $1 ORDER BY sequence`,
      [user.userId],
    );

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        RATE_LIMIT_MAX: '100000',
        APPOINTMENT_DAILY_LIMIT_PER_PRACTITIONER: String(DAILY_LIMIT),
      },
    });
    clinic = await givenClinic(t);
    asDesk = apiAs(t, clinic.receptionist);
    asDoctor = apiAs(t, clinic.doctor);
    asHead = apiAs(t, clinic.head);
    await givenSchedule(t, clinic);
    await givenSchedule(t, clinic, clinic.secondDoctor);
  });
  afterAll(() => t?.close());

  describe('reschedule', () => {
    it('moves the appointment in place: every time kept in order, the count, AppointmentRescheduled; the third is refused', async () => {
      const day = '2027-06-07';
      const patientId = await givenPatientAt(t, clinic);
      const { id } = await book(patientId, AT('09:00', day));

      const first = await step(id, 'reschedule', { start: AT('10:00', day) });
      expect(first.status).toBe(200);
      expect(first.headers.etag).toBe('"2"');
      // end left out: the schedule's 30-minute slot.
      expect(first.body).toMatchObject({
        id,
        status: 'booked',
        start: '2027-06-07T09:00:00.000Z',
        end: '2027-06-07T09:30:00.000Z',
        localStart: '2027-06-07T10:00:00+01:00',
        rescheduleCount: 1,
        version: 2,
      });

      // If-Match, when sent, must name the current version.
      const stale = await step(id, 'reschedule', { start: AT('11:00', day) }).set('If-Match', '"1"');
      expect([stale.status, stale.body.code]).toEqual([412, 'COMMON.VERSION_MISMATCH']);
      const second = await step(id, 'reschedule', { start: AT('11:00', day), end: AT('11:30', day) }).set('If-Match', '"2"');
      expect([second.status, second.body.rescheduleCount, second.headers.etag]).toEqual([200, 2, '"3"']);

      const third = await step(id, 'reschedule', { start: AT('13:00', day) });
      expect([third.status, third.body.code, third.body.limit]).toEqual([422, 'APPOINTMENT.RESCHEDULE_LIMIT_REACHED', 2]);

      expect(await periodsOf(id)).toEqual([
        ['2027-06-07T08:00:00.000Z', '2027-06-07T08:30:00.000Z'],
        ['2027-06-07T09:00:00.000Z', '2027-06-07T09:30:00.000Z'],
        ['2027-06-07T10:00:00.000Z', '2027-06-07T10:30:00.000Z'],
      ]);
      expect(await rowOf(id)).toMatchObject({ reschedule_count: 2, version: 3 });
      const events = await outboxRows(t, id, 'appointments.AppointmentRescheduled.v1');
      expect(
        events.map((e) => [e.aggregate_version, e.payload.previousStart, e.payload.start, e.payload.rescheduleCount]),
      ).toEqual([
        [2, '2027-06-07T08:00:00.000Z', '2027-06-07T09:00:00.000Z', 1],
        [3, '2027-06-07T09:00:00.000Z', '2027-06-07T10:00:00.000Z', 2],
      ]);
      // The times it left are free again: one row, moved, not a copy.
      await book(await givenPatientAt(t, clinic), AT('09:00', day));
      await book(await givenPatientAt(t, clinic), AT('10:00', day));
      expect(await overlappingBookings(t)).toBe(0);
    });

    it('refuses a reschedule within the hour before the current start, and new times that break a booking rule', async () => {
      const patientId = await givenPatientAt(t, clinic);
      const { id } = await book(patientId, AT('09:00', '2027-06-08'));
      for (const [body, status, code] of [
        [{ start: AT('08:00', '2027-06-08') }, 422, 'APPOINTMENT.OUTSIDE_CLINIC_HOURS'],
        [{ start: AT('12:00', '2027-06-08') }, 422, 'APPOINTMENT.OUTSIDE_SCHEDULE'],
        [{ start: AT('09:10', '2027-06-08') }, 422, 'APPOINTMENT.SLOT_MISALIGNED'],
        [{ start: new Date(Date.now() + 30 * MINUTE).toISOString() }, 422, 'APPOINTMENT.LEAD_TIME'],
        [{ start: AT('09:00', '2027-06-08') }, 400, 'COMMON.INVALID_INPUT'],
        [{ start: AT('10:00', '2027-06-08'), end: AT('09:30', '2027-06-08') }, 400, 'COMMON.INVALID_INPUT'],
      ] as const) {
        const res = await step(id, 'reschedule', body);
        expect([res.status, res.body.code]).toEqual([status, code]);
      }
      const malformed = await step(id, 'reschedule', { start: '2027-06-08 10:00' });
      expect([malformed.status, malformed.body.errors?.[0]?.field]).toEqual([400, 'start']);

      await moveStart(id, 30);
      const late = await step(id, 'reschedule', { start: AT('10:00', '2027-06-08') });
      expect([late.status, late.body.code]).toEqual([422, 'APPOINTMENT.RESCHEDULE_TOO_LATE']);
      expect(late.body.latest).toEqual(expect.any(String));
      expect(await rowOf(id)).toMatchObject({ reschedule_count: 0, version: 1 });
      expect(await periodsOf(id)).toHaveLength(1);
      expect(await outboxRows(t, id, 'appointments.AppointmentRescheduled.v1')).toEqual([]);
    });

    it('into a taken slot: 409 SLOT_TAKEN with the next free one, the old time kept; the patient’s other time 409', async () => {
      const day = '2027-06-09';
      const patientId = await givenPatientAt(t, clinic);
      const { id } = await book(patientId, AT('09:00', day));
      await book(await givenPatientAt(t, clinic), AT('09:30', day));

      const taken = await step(id, 'reschedule', { start: AT('09:30', day) });
      expect([taken.status, taken.body.code]).toEqual([409, 'APPOINTMENT.SLOT_TAKEN']);
      // 09:00 is its own, 09:30 the other's: the next free slot is 10:00.
      expect(taken.body.nextFreeSlot).toEqual({ start: AT('10:00', day), end: AT('10:30', day) });

      // The same patient with the second doctor at 11:00: the patient cannot be in two places.
      await book(patientId, AT('11:00', day), { practitionerId: clinic.secondDoctor.userId });
      const elsewhere = await step(id, 'reschedule', { start: AT('11:00', day) });
      expect([elsewhere.status, elsewhere.body.code]).toEqual([409, 'APPOINTMENT.PATIENT_DOUBLE_BOOKED']);

      const row = await rowOf(id);
      expect(row).toMatchObject({ status: 'booked', reschedule_count: 0, version: 1 });
      expect(new Date(row.starts_at).toISOString()).toBe('2027-06-09T08:00:00.000Z');
      expect(await periodsOf(id)).toHaveLength(1);
      expect(await outboxRows(t, id, 'appointments.AppointmentRescheduled.v1')).toEqual([]);
      expect(await overlappingBookings(t)).toBe(0);
    });

    it('across a day: the new day’s limit is counted (its own day is not), and the old day keeps one fewer', async () => {
      const full = '2027-06-10';
      const other = '2027-06-11';
      const onFull: string[] = [];
      for (const clock of ['09:00', '09:30', '10:00'])
        onFull.push((await book(await givenPatientAt(t, clinic), AT(clock, full))).id);
      const { id } = await book(await givenPatientAt(t, clinic), AT('09:00', other));

      const refused = await step(id, 'reschedule', { start: AT('11:00', full) });
      expect([refused.status, refused.body.code]).toEqual([422, 'APPOINTMENT.DAILY_LIMIT_REACHED']);
      expect(refused.body).toMatchObject({ limit: DAILY_LIMIT, localDate: full });
      expect(await rowOf(id)).toMatchObject({ local_date: other, reschedule_count: 0 });

      // Within a full day an appointment moves freely: the day's count does not change.
      const within = await step(onFull[1], 'reschedule', { start: AT('11:30', full) });
      expect([within.status, within.body.localDate]).toEqual([200, full]);

      expect((await step(onFull[0], 'cancel', { reason: 'Patient asked to cancel' })).status).toBe(200);
      const moved = await step(id, 'reschedule', { start: AT('11:00', full) });
      expect([moved.status, moved.body.localDate, moved.body.start]).toEqual([200, full, '2027-06-10T10:00:00.000Z']);
      const counts = await t.db.query<{ local_date: string; n: number }>(
        `SELECT to_char(local_date, 'YYYY-MM-DD') AS local_date, count(*)::int AS n FROM appointments
          WHERE practitioner_id = $1 AND local_date IN ($2::date, $3::date) AND status = 'booked'
          GROUP BY local_date ORDER BY local_date`,
        [clinic.doctor.userId, full, other],
      );
      expect(counts).toEqual([{ local_date: full, n: DAILY_LIMIT }]);
    });

    it('carries no overbooked flag to the new time: said again with appointments:overbook, or an ordinary booking', async () => {
      const day = '2027-06-12';
      const { id } = await book(await givenPatientAt(t, clinic), AT('09:00', day), { overbookReason: 'Urgent review' }, asHead);
      expect((await rowOf(id)).overbooked).toBe(true);
      await book(await givenPatientAt(t, clinic), AT('09:30', day));

      const ordinary = await step(id, 'reschedule', { start: AT('09:30', day) }, asHead);
      expect([ordinary.status, ordinary.body.code]).toEqual([409, 'APPOINTMENT.SLOT_TAKEN']);
      const deskOverbooks = await step(id, 'reschedule', { start: AT('09:30', day), overbookReason: 'Squeeze in' });
      expect([deskOverbooks.status, deskOverbooks.body.code]).toEqual([403, 'APPOINTMENT.OVERBOOK_NOT_ALLOWED']);
      const overbooked = await step(id, 'reschedule', { start: AT('09:30', day), overbookReason: 'Squeeze in' }, asHead);
      expect([overbooked.status, overbooked.body.overbooked]).toEqual([200, true]);
      const plain = await step(id, 'reschedule', { start: AT('10:00', day) }, asHead);
      expect([plain.status, plain.body.overbooked, plain.body.rescheduleCount]).toEqual([200, false, 2]);
      expect(await rowOf(id)).toMatchObject({ overbooked: false });
    });
  });

  describe('cancel', () => {
    it('far ahead: free (0 %), refundInFull for billing, the reason kept on the appointment and out of the event', async () => {
      const day = '2027-06-14';
      const { id } = await book(await givenPatientAt(t, clinic), AT('09:00', day));
      const reason = 'Patient travelling abroad that week';
      const res = await step(id, 'cancel', { reason: `  ${reason} ` });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({ status: 'cancelled', cancellation: { reason, feePercent: 0, feeMinor: 0 }, version: 2 });
      expect(await rowOf(id)).toMatchObject({ status: 'cancelled', cancellation_reason: reason, fee_percent: 0, fee_minor: '0' });
      const [event] = await outboxRows(t, id, 'appointments.AppointmentCancelled.v1');
      expect(event.payload).toMatchObject({
        status: 'cancelled',
        feePercent: 0,
        feeMinor: 0,
        refundInFull: true,
        priceMinor: 6000,
      });
      expect(JSON.stringify(event.payload)).not.toContain('travelling');
      // The slot is free again.
      await book(await givenPatientAt(t, clinic), AT('09:00', day));
    });

    it('within two hours of the start: half the price, no refund in full', async () => {
      const { id } = await book(await givenPatientAt(t, clinic), AT('10:00', '2027-06-19'));
      await moveStart(id, 90);
      const res = await step(id, 'cancel', { reason: 'Clashes with work' });
      expect([res.status, res.body.cancellation]).toEqual([200, { reason: 'Clashes with work', feePercent: 50, feeMinor: 3000 }]);
      expect(await rowOf(id)).toMatchObject({ fee_percent: 50, fee_minor: '3000' });
      const [event] = await outboxRows(t, id, 'appointments.AppointmentCancelled.v1');
      expect(event.payload).toMatchObject({ feePercent: 50, feeMinor: 3000, refundInFull: false });
    });

    it('after the start: 409 CANCEL_AFTER_START, nothing written', async () => {
      const { id } = await book(await givenPatientAt(t, clinic), AT('10:30', '2027-06-20'));
      await moveStart(id, -12);
      const res = await step(id, 'cancel', { reason: 'Too late' });
      expect([res.status, res.body.code]).toEqual([409, 'APPOINTMENT.CANCEL_AFTER_START']);
      expect(res.body.noShowFrom).toEqual(expect.any(String));
      expect(await rowOf(id)).toMatchObject({ status: 'booked', fee_percent: null, cancellation_reason: null, version: 1 });
      expect(await outboxRows(t, id, 'appointments.AppointmentCancelled.v1')).toEqual([]);
    });

    it('twice: the second is 409 and writes nothing, so no fee is fixed twice; a reason is required', async () => {
      const { id } = await book(await givenPatientAt(t, clinic), AT('11:00', '2027-06-21'));
      for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(501) }, { reason: 42 }]) {
        const bad = await step(id, 'cancel', body);
        expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'reason']);
      }
      expect(await rowOf(id)).toMatchObject({ status: 'booked', version: 1 });

      expect((await step(id, 'cancel', { reason: 'First' })).status).toBe(200);
      const again = await step(id, 'cancel', { reason: 'Second' });
      expect([again.status, again.body.code, again.body.action]).toEqual([
        409,
        'APPOINTMENT.INVALID_STATUS_TRANSITION',
        'cancel',
      ]);
      expect(await rowOf(id)).toMatchObject({ cancellation_reason: 'First', version: 2 });
      expect(await outboxRows(t, id, 'appointments.AppointmentCancelled.v1')).toHaveLength(1);
      // Nor does anything else follow a cancellation.
      for (const action of ['reschedule', 'no-show', 'check-in']) {
        const res = await step(id, action, action === 'reschedule' ? { start: AT('13:00', '2027-06-21') } : {});
        expect([action, res.status, res.body.code]).toEqual([action, 409, 'APPOINTMENT.INVALID_STATUS_TRANSITION']);
      }
    });

    it('two simultaneous cancels: exactly one 200, one 409, one fee, one event', async () => {
      const { id } = await book(await givenPatientAt(t, clinic), AT('11:30', '2027-06-22'));
      await moveStart(id, 100);
      const answers = await Promise.all([
        step(id, 'cancel', { reason: 'From the desk' }),
        step(id, 'cancel', { reason: 'From the phone' }),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(answers.find((r) => r.status === 409)!.body.code).toBe('APPOINTMENT.INVALID_STATUS_TRANSITION');
      const row = await rowOf(id);
      expect(row).toMatchObject({ status: 'cancelled', fee_percent: 50, fee_minor: '3000', version: 2 });
      expect(row.cancellation_reason).toBe(answers.find((r) => r.status === 200)!.body.cancellation.reason);
      expect(await outboxRows(t, id, 'appointments.AppointmentCancelled.v1')).toHaveLength(1);
    });
  });

  describe('no-show', () => {
    it('409 before 15 minutes after the start; from then, 100 % of the price in the event; only once', async () => {
      const { id } = await book(await givenPatientAt(t, clinic), AT('09:00', '2027-06-15'));
      await moveStart(id, -6);
      const early = await step(id, 'no-show');
      expect([early.status, early.body.code]).toEqual([409, 'APPOINTMENT.NO_SHOW_TOO_EARLY']);
      expect(early.body.from).toEqual(expect.any(String));
      expect(await rowOf(id)).toMatchObject({ status: 'booked', fee_percent: null, version: 1 });

      await moveStart(id, -40);
      const res = await step(id, 'no-show');
      expect([res.status, res.headers.etag]).toEqual([200, '"2"']);
      expect(res.body).toMatchObject({ status: 'noshow', noShowFee: { feePercent: 100, feeMinor: 6000 } });
      expect(await rowOf(id)).toMatchObject({ status: 'noshow', fee_percent: 100, fee_minor: '6000' });
      const [event] = await outboxRows(t, id, 'appointments.AppointmentNoShow.v1');
      expect(event.payload).toMatchObject({ appointmentId: id, status: 'noshow', feePercent: 100, feeMinor: 6000 });
      const again = await step(id, 'no-show');
      expect([again.status, again.body.code]).toEqual([409, 'APPOINTMENT.INVALID_STATUS_TRANSITION']);
      expect(await outboxRows(t, id, 'appointments.AppointmentNoShow.v1')).toHaveLength(1);
    });
  });

  describe('check-in, start, complete', () => {
    it('check-in → arrived; the doctor starts the visit, opening its EMR encounter; complete → fulfilled', async () => {
      const patientId = await givenPatientAt(t, clinic);
      const { id } = await book(patientId, AT('09:00', '2027-06-16'));
      const early = [await step(id, 'start', {}, asDoctor), await step(id, 'complete', {}, asDoctor)];
      expect(early.map((r) => [r.status, r.body.code as string])).toEqual([
        [409, 'APPOINTMENT.INVALID_STATUS_TRANSITION'],
        [409, 'APPOINTMENT.INVALID_STATUS_TRANSITION'],
      ]);

      const arrived = await step(id, 'check-in');
      expect([arrived.status, arrived.body.status, arrived.headers.etag]).toEqual([200, 'arrived', '"2"']);
      const notStarted = await step(id, 'complete', {}, asDoctor);
      expect([notStarted.status, notStarted.body.code]).toEqual([409, 'APPOINTMENT.INVALID_STATUS_TRANSITION']);
      expect(notStarted.body.detail).toContain('not been started');
      // The front desk checks in but does not attend.
      expect((await step(id, 'start')).status).toBe(403);

      const started = await step(id, 'start', {}, asDoctor);
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({ status: 'arrived', encounterId: expect.any(String), version: 3 });
      const encounterId = started.body.encounterId as string;
      const encounters = await t.db.query<Record<string, unknown>>(
        `SELECT id, patient_id, hospital_id, department_id, class, status, attending_practitioner_id FROM encounters
          WHERE patient_id = $1`,
        [patientId],
      );
      expect(encounters).toEqual([
        {
          id: encounterId,
          patient_id: patientId,
          hospital_id: clinic.hospitalId,
          department_id: clinic.departmentId,
          class: 'AMB',
          status: 'in-progress',
          attending_practitioner_id: clinic.doctor.userId,
        },
      ]);
      const [encounterEvent] = await outboxRows(t, encounterId, 'emr.EncounterStarted.v1');
      expect(encounterEvent.actor).toMatchObject({ id: clinic.doctor.userId });

      const twice = await step(id, 'start', {}, asDoctor);
      expect([twice.status, twice.body.code]).toEqual([409, 'APPOINTMENT.INVALID_STATUS_TRANSITION']);
      const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM encounters WHERE patient_id = $1', [
        patientId,
      ]);
      expect(n).toBe(1);

      const done = await step(id, 'complete', {}, asDoctor);
      expect([done.status, done.body.status, done.body.encounterId, done.headers.etag]).toEqual([
        200,
        'fulfilled',
        encounterId,
        '"4"',
      ]);
      expect((await step(id, 'complete', {}, asDoctor)).status).toBe(409);

      const types = (await outboxRows(t, id)).map((e) => [e.type, e.aggregate_version]);
      expect(types).toEqual([
        ['appointments.AppointmentBooked.v1', 1],
        ['appointments.AppointmentCheckedIn.v1', 2],
        ['appointments.AppointmentStarted.v1', 3],
        ['appointments.AppointmentCompleted.v1', 4],
      ]);
      const [startedEvent] = await outboxRows(t, id, 'appointments.AppointmentStarted.v1');
      expect(startedEvent.payload).toMatchObject({ status: 'arrived', encounterId });
    });

    it('the EMR’s rules apply to the start: without emr:write over the department, its 422, audited, and nothing written', async () => {
      const role = `visit_starter_${uniqueSuffix()}`.replace(/[^a-z0-9_]/g, '_');
      const created = await clinic.asAdmin
        .post('/roles')
        .send({ name: role, permissions: ['appointments:attend:hospital', 'patients:read:hospital'] });
      expect(created.status).toBe(201);
      const starter = await tokenFor(t, role, { hospitalId: clinic.hospitalId, departmentId: clinic.departmentId });
      const patientId = await givenPatientAt(t, clinic);
      const { id } = await book(patientId, AT('09:30', '2027-06-16'));
      expect((await step(id, 'check-in')).status).toBe(200);

      const refused = await step(id, 'start', {}, apiAs(t, starter));
      expect([refused.status, refused.body.code]).toEqual([422, 'EMR.DEPARTMENT_OUT_OF_SCOPE']);
      expect(await rowOf(id)).toMatchObject({ status: 'arrived', encounter_id: null, version: 2 });
      const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM encounters WHERE patient_id = $1', [
        patientId,
      ]);
      expect(n).toBe(0);
      expect(await outboxRows(t, id, 'appointments.AppointmentStarted.v1')).toEqual([]);
      expect((await denials(starter)).map((d) => d.payload)).toEqual([
        expect.objectContaining({ permission: 'emr:write', resourceType: 'Department', resourceId: clinic.departmentId }),
      ]);
      // The doctor can still start it.
      expect((await step(id, 'start', {}, asDoctor)).status).toBe(200);
    });
  });

  it('out of scope: 404 like an unknown appointment, each refusal audited, nothing changed', async () => {
    const { id } = await book(await givenPatientAt(t, clinic), AT('09:00', '2027-06-17'));
    const elsewhere = await givenClinic(t);
    const farDesk = apiAs(t, elsewhere.receptionist);
    const farDoctor = apiAs(t, elsewhere.doctor);
    const attempts = [
      await step(id, 'reschedule', { start: AT('10:00', '2027-06-17') }, farDesk),
      await step(id, 'cancel', { reason: 'Not mine' }, farDesk),
      await step(id, 'no-show', {}, farDesk),
      await step(id, 'check-in', {}, farDesk),
      await step(id, 'start', {}, farDoctor),
      await step(id, 'complete', {}, farDoctor),
    ];
    expect(attempts.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    const unknown = await step('0192a000-0000-7000-8000-00000000abcd', 'cancel', { reason: 'Nobody' });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(attempts[1].body)).not.toContain('Not mine');

    expect((await denials(elsewhere.receptionist)).map((d) => d.payload)).toEqual(
      Array.from({ length: 4 }, () =>
        expect.objectContaining({
          reason: 'out-of-scope',
          permission: 'appointments:book',
          resourceType: 'Appointment',
          resourceId: id,
        }),
      ),
    );
    expect((await denials(elsewhere.doctor)).map((d) => d.payload.permission)).toEqual([
      'appointments:attend',
      'appointments:attend',
    ]);
    expect(await rowOf(id)).toMatchObject({ status: 'booked', version: 1, reschedule_count: 0 });
    const refused = await queryAudited<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM ${AUDITED_EVENTS} WHERE type = 'authz.AccessDenied.v1' AND payload->>'resourceId' = $1`,
      ['0192a000-0000-7000-8000-00000000abcd'],
    );
    expect(refused[0].n).toBe(0);
  });

  it('exports the context’s metrics at GET /metrics: cancellations by fee tier, no-shows, bookings', async () => {
    const free = await metric('appointments_cancelled_total{percent="0"}');
    const half = await metric('appointments_cancelled_total{percent="50"}');
    const noShows = await metric('appointments_no_show_total');
    expect([typeof free, typeof half, typeof noShows]).toEqual(['number', 'number', 'number']);

    const cancelled = await book(await givenPatientAt(t, clinic), AT('09:00', '2027-06-18'));
    expect((await step(cancelled.id, 'cancel', { reason: 'Feeling better' })).status).toBe(200);
    const missed = await book(await givenPatientAt(t, clinic), AT('09:30', '2027-06-18'));
    await moveStart(missed.id, -60);
    expect((await step(missed.id, 'no-show')).status).toBe(200);
    // A refused cancel counts nothing.
    expect((await step(cancelled.id, 'cancel', { reason: 'Again' })).status).toBe(409);

    expect(await metric('appointments_cancelled_total{percent="0"}')).toBe(free! + 1);
    expect(await metric('appointments_cancelled_total{percent="50"}')).toBe(half);
    expect(await metric('appointments_no_show_total')).toBe(noShows! + 1);
    const text = (await t.http().get('/metrics')).text;
    expect(text).toContain('# TYPE appointments_created_total counter');
    expect(text).toContain('# TYPE appointments_booking_duration_seconds histogram');
  });
});
