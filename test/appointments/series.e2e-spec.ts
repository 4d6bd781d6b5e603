import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api } from '../patients/support/patients-api.js';
import { type Clinic, givenClinic, givenPatientAt, givenSchedule } from './support/appointments-api.js';

interface Occurrence {
  date: string;
  start: string | null;
  appointmentId: string | null;
  refusal: { code: string } | null;
}

/** Recurring series: every occurrence passes every rule, at the same wall-clock time across a clock change; all or nothing unless asked. */
describe('recurring series', () => {
  let t: TestApp;
  let clinic: Clinic;
  let asDesk: Api;
  let patientId: string;
  let otherPatient: string;

  const series = (body: Record<string, unknown>) =>
    asDesk.post('/appointments/series').send({
      practitionerId: clinic.doctor.userId,
      departmentId: clinic.departmentId,
      patientId,
      ...body,
    });
  const countOf = async (sql: string) => (await t.db.query<{ n: number }>(sql))[0].n;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_MAX: '100000' } });
    clinic = await givenClinic(t);
    asDesk = apiAs(t, clinic.receptionist);
    await givenSchedule(t, clinic);
    patientId = await givenPatientAt(t, clinic);
    otherPatient = await givenPatientAt(t, clinic);
  });
  afterAll(() => t?.close());

  it('books weekly occurrences at 09:00 local across the spring clock change, one series id', async () => {
    // Mondays 22 and 29 March and 5 April 2027: Lisbon moves to +01:00 on the 28th.
    const res = await series({ start: '2027-03-22T09:00:00+00:00', recurrence: { frequency: 'weekly', count: 3 } });
    expect(res.status).toBe(201);
    expect((res.body.appointments as { start: string; localStart: string }[]).map((a) => [a.start, a.localStart])).toEqual([
      ['2027-03-22T09:00:00.000Z', '2027-03-22T09:00:00+00:00'],
      ['2027-03-29T08:00:00.000Z', '2027-03-29T09:00:00+01:00'],
      ['2027-04-05T08:00:00.000Z', '2027-04-05T09:00:00+01:00'],
    ]);
    const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM appointments WHERE series_id = $1', [
      res.body.seriesId,
    ]);
    expect(n).toBe(3);
  });

  it('refuses the whole series when one occurrence breaks a rule, naming it, and books nothing', async () => {
    const taken = await asDesk.post('/appointments').send({
      practitionerId: clinic.doctor.userId,
      departmentId: clinic.departmentId,
      patientId: otherPatient,
      start: '2027-04-14T10:00:00+01:00',
    });
    expect(taken.status).toBe(201);
    const before = await countOf('SELECT count(*)::int AS n FROM appointments');
    // Daily, Monday 12 to Friday 16 April at 10:00; the Wednesday is taken.
    const res = await series({ start: '2027-04-12T10:00:00+01:00', recurrence: { frequency: 'daily', until: '2027-04-16' } });
    expect([res.status, res.body.code]).toEqual([422, 'APPOINTMENT.SERIES_REFUSED']);
    const occurrences = res.body.occurrences as Occurrence[];
    expect(occurrences.map((o) => [o.date, o.refusal?.code ?? null])).toEqual([
      ['2027-04-12', null],
      ['2027-04-13', null],
      ['2027-04-14', 'APPOINTMENT.SLOT_TAKEN'],
      ['2027-04-15', null],
      ['2027-04-16', null],
    ]);
    expect(await countOf('SELECT count(*)::int AS n FROM appointments')).toBe(before);
    expect(await countOf(`SELECT count(*)::int AS n FROM appointment_periods`)).toBe(before);
  });

  it('with bestEffort books what passes and reports the rest', async () => {
    const res = await series({
      start: '2027-04-12T10:00:00+01:00',
      recurrence: { frequency: 'weekly', daysOfWeek: [1, 3], until: '2027-04-21' },
      bestEffort: true,
    });
    expect(res.status).toBe(201);
    const occurrences = res.body.occurrences as Occurrence[];
    expect(occurrences.map((o) => [o.date, o.appointmentId !== null, o.refusal?.code ?? null])).toEqual([
      ['2027-04-12', true, null],
      ['2027-04-14', false, 'APPOINTMENT.SLOT_TAKEN'],
      ['2027-04-19', true, null],
      ['2027-04-21', true, null],
    ]);
    expect(res.body.appointments).toHaveLength(3);
  });

  it('answers 400 for a recurrence that is not one', async () => {
    const start = '2027-05-03T10:00:00+01:00';
    const bad = [
      { frequency: 'weekly', count: 53 },
      { frequency: 'weekly', count: 2, until: '2027-06-01' },
      { frequency: 'weekly' },
      { frequency: 'daily', daysOfWeek: [1], count: 2 },
      { frequency: 'monthly', count: 2 },
      { frequency: 'weekly', until: '2027-04-01' },
    ];
    for (const recurrence of bad) {
      const res = await series({ start, recurrence });
      expect([res.status, recurrence]).toEqual([400, recurrence]);
    }
  });
});
