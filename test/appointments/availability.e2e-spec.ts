import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiAs, type Api } from '../patients/support/patients-api.js';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type Clinic, givenClinic, givenPatientAt, givenSchedule } from './support/appointments-api.js';

interface SlotBody {
  readonly practitionerId: string;
  readonly departmentId: string;
  readonly scheduleId: string | null;
  readonly start: string;
  readonly end: string;
  readonly localStart: string;
  readonly localEnd: string;
}

/** The wall-clock starts EVERY_DAY gives a day: 09:00–12:00 and 13:00–18:00 in 30-minute slots. */
const DAY_CLOCKS = [
  ...['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'],
  ...['13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '17:00', '17:30'],
];

/** Lisbon in summer time (+01:00), a Monday onward, well ahead of the lead time. */
const AT = (clock: string, date: string) => `${date}T${clock}:00+01:00`;
/** One local day [00:00, next 00:00) written with each midnight's own offset. */
const day = (date: string, offset: string, nextDate: string, nextOffset: string) => ({
  from: `${date}T00:00:00${offset}`,
  to: `${nextDate}T00:00:00${nextOffset}`,
});
const DAILY_LIMIT = 3;

/** GET /…/availability over HTTP: the slot grid minus what is taken, in UTC and local time, and its 400s and 404s. */
describe('availability', () => {
  let t: TestApp;
  let clinic: Clinic;
  let asDesk: Api;
  let asHead: Api;
  let patientId: string;
  let scheduleId: string;

  const ofPractitioner = (practitionerId: string, range: { from: string; to: string }, api = asDesk, extra = '') =>
    api.get(
      `/practitioners/${practitionerId}/availability?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}${extra}`,
    );
  const ofDepartment = (departmentId: string, range: { from: string; to: string }, api = asDesk) =>
    api.get(
      `/departments/${departmentId}/availability?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`,
    );
  const slotsOf = async (practitionerId: string, range: { from: string; to: string }, extra = '') => {
    const res = await ofPractitioner(practitionerId, range, asDesk, extra);
    expect(res.status).toBe(200);
    return res.body.slots as SlotBody[];
  };
  const localDay = (date: string) => day(date, '+01:00', nextDate(date), '+01:00');
  const book = (body: Record<string, unknown>) =>
    asDesk
      .post('/appointments')
      .send({ practitionerId: clinic.doctor.userId, departmentId: clinic.departmentId, patientId, ...body });

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
    asHead = apiAs(t, clinic.head);
    scheduleId = (await givenSchedule(t, clinic)).id;
    await givenSchedule(t, clinic, clinic.secondDoctor);
    patientId = await givenPatientAt(t, clinic);
  });
  afterAll(() => t?.close());

  it('lists exactly the 16 local slots of each day across both of Lisbon’s 2027 clock changes, UTC = local − offset', async () => {
    // Clocks go 01:00 -> 02:00 on 2027-03-28 and 02:00 -> 01:00 on 2027-10-31; a local midnight carries that day's offset.
    const days = [
      { date: '2027-03-27', range: day('2027-03-27', '+00:00', '2027-03-28', '+00:00'), offset: '+00:00' },
      { date: '2027-03-28', range: day('2027-03-28', '+00:00', '2027-03-29', '+01:00'), offset: '+01:00' },
      { date: '2027-03-29', range: day('2027-03-29', '+01:00', '2027-03-30', '+01:00'), offset: '+01:00' },
      { date: '2027-10-30', range: day('2027-10-30', '+01:00', '2027-10-31', '+01:00'), offset: '+01:00' },
      { date: '2027-10-31', range: day('2027-10-31', '+01:00', '2027-11-01', '+00:00'), offset: '+00:00' },
      { date: '2027-11-01', range: day('2027-11-01', '+00:00', '2027-11-02', '+00:00'), offset: '+00:00' },
    ];
    for (const { date, range, offset } of days) {
      const slots = await slotsOf(clinic.doctor.userId, range);
      expect(slots.map((s) => s.localStart)).toEqual(DAY_CLOCKS.map((clock) => `${date}T${clock}:00${offset}`));
      // UTC is the wall-clock time minus the offset then, worked out by Date from the written offset.
      expect(slots.map((s) => s.start)).toEqual(
        DAY_CLOCKS.map((clock) => new Date(`${date}T${clock}:00${offset}`).toISOString()),
      );
      for (const slot of slots) {
        expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(30 * 60_000);
        expect(new Date(slot.localEnd).toISOString()).toBe(slot.end);
        expect(slot).toMatchObject({ practitionerId: clinic.doctor.userId, departmentId: clinic.departmentId, scheduleId });
      }
    }
    const spring = await slotsOf(clinic.doctor.userId, { from: '2027-03-28T00:00:00+00:00', to: '2027-03-28T12:00:00Z' });
    expect(spring[0]).toMatchObject({ start: '2027-03-28T08:00:00.000Z', localStart: '2027-03-28T09:00:00+01:00' });
    const autumn = await slotsOf(clinic.doctor.userId, { from: '2027-10-31T00:00:00+01:00', to: '2027-10-31T12:00:00Z' });
    expect(autumn[0]).toMatchObject({ start: '2027-10-31T09:00:00.000Z', localStart: '2027-10-31T09:00:00+00:00' });

    // The three days around the spring change in one range: 48 slots, none doubled.
    const three = await slotsOf(clinic.doctor.userId, { from: days[0].range.from, to: days[2].range.to });
    expect(three).toHaveLength(48);
    expect(new Set(three.map((s) => s.start)).size).toBe(48);
  });

  it('follows Asia/Kolkata (+05:30): 09:00 local is 03:30Z, and a booking there lands at 03:30Z and leaves the grid', async () => {
    const kolkata = await givenClinic(t, 'Asia/Kolkata');
    await givenSchedule(t, kolkata, kolkata.doctor, { currency: 'INR' });
    const kolkataPatient = await givenPatientAt(t, kolkata);
    const range = day('2027-04-05', '+05:30', '2027-04-06', '+05:30');
    const asKolkataDesk = apiAs(t, kolkata.receptionist);
    const before = await ofPractitioner(kolkata.doctor.userId, range, asKolkataDesk);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ timeZone: 'Asia/Kolkata', hospitalId: kolkata.hospitalId });
    expect(before.body.slots).toHaveLength(16);
    expect(before.body.slots[0]).toMatchObject({
      start: '2027-04-05T03:30:00.000Z',
      end: '2027-04-05T04:00:00.000Z',
      localStart: '2027-04-05T09:00:00+05:30',
      localEnd: '2027-04-05T09:30:00+05:30',
    });

    const booked = await asKolkataDesk.post('/appointments').send({
      practitionerId: kolkata.doctor.userId,
      departmentId: kolkata.departmentId,
      patientId: kolkataPatient,
      start: '2027-04-05T09:00:00+05:30',
    });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({
      start: '2027-04-05T03:30:00.000Z',
      localStart: '2027-04-05T09:00:00+05:30',
      localDate: '2027-04-05',
      timeZone: 'Asia/Kolkata',
    });
    const after = await ofPractitioner(kolkata.doctor.userId, range, asKolkataDesk);
    expect((after.body.slots as SlotBody[]).map((s) => s.localStart)).toEqual(
      DAY_CLOCKS.slice(1).map((clock) => `2027-04-05T${clock}:00+05:30`),
    );
  });

  it('leaves out booked and held slots, for that practitioner only; a department lists both doctors’ grids', async () => {
    const date = '2027-04-06';
    expect((await book({ start: AT('09:00', date) })).status).toBe(201);
    const hold = await asDesk
      .post('/appointments/holds')
      .send({ practitionerId: clinic.doctor.userId, departmentId: clinic.departmentId, start: AT('09:30', date) });
    expect(hold.status).toBe(201);

    const mine = await slotsOf(clinic.doctor.userId, localDay(date));
    expect(mine.map((s) => s.localStart)).toEqual(DAY_CLOCKS.slice(2).map((clock) => AT(clock, date)));
    const theirs = await slotsOf(clinic.secondDoctor.userId, localDay(date));
    expect(theirs).toHaveLength(16);

    const department = await ofDepartment(clinic.departmentId, localDay(date));
    expect(department.status).toBe(200);
    expect(department.body).toMatchObject({
      practitionerId: null,
      departmentId: clinic.departmentId,
      hospitalId: clinic.hospitalId,
      timeZone: 'Europe/Lisbon',
    });
    const slots = department.body.slots as SlotBody[];
    expect(slots).toHaveLength(30);
    const by = (id: string) => slots.filter((s) => s.practitionerId === id).map((s) => s.localStart);
    expect(by(clinic.doctor.userId)).toEqual(mine.map((s) => s.localStart));
    expect(by(clinic.secondDoctor.userId)).toEqual(theirs.map((s) => s.localStart));
    expect(slots.every((s) => s.departmentId === clinic.departmentId)).toBe(true);
    // By start, then practitioner: both doctors' 10:00 before anyone's 10:30.
    const starts = slots.map((s) => Date.parse(s.start));
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    // Releasing the hold gives its slot back.
    expect((await asDesk.delete(`/appointments/holds/${hold.body.id}`)).status).toBe(204);
    const released = await slotsOf(clinic.doctor.userId, localDay(date));
    expect(released.map((s) => s.localStart)).toEqual(DAY_CLOCKS.slice(1).map((clock) => AT(clock, date)));
  });

  it('removes the slots leave covers, and adds an extra session’s', async () => {
    const leave = await asHead
      .post(`/practitioners/${clinic.doctor.userId}/leave`)
      .send({ kind: 'leave', start: AT('13:00', '2027-04-07'), end: AT('18:00', '2027-04-07'), reason: 'Training' });
    expect(leave.status).toBe(201);
    const onLeave = await slotsOf(clinic.doctor.userId, localDay('2027-04-07'));
    expect(onLeave.map((s) => s.localStart)).toEqual(DAY_CLOCKS.slice(0, 6).map((clock) => AT(clock, '2027-04-07')));

    const extra = await asHead.post(`/practitioners/${clinic.doctor.userId}/leave`).send({
      kind: 'extra',
      departmentId: clinic.departmentId,
      start: AT('12:00', '2027-04-08'),
      end: AT('13:00', '2027-04-08'),
    });
    expect(extra.status).toBe(201);
    const withExtra = await slotsOf(clinic.doctor.userId, localDay('2027-04-08'));
    expect(withExtra).toHaveLength(18);
    expect(withExtra.slice(6, 8)).toEqual([
      expect.objectContaining({ localStart: AT('12:00', '2027-04-08'), localEnd: AT('12:30', '2027-04-08'), scheduleId }),
      expect.objectContaining({ localStart: AT('12:30', '2027-04-08'), localEnd: AT('13:00', '2027-04-08'), scheduleId }),
    ]);
    // Neither touches the other doctor.
    expect(await slotsOf(clinic.secondDoctor.userId, localDay('2027-04-07'))).toHaveLength(16);
    expect(await slotsOf(clinic.secondDoctor.userId, localDay('2027-04-08'))).toHaveLength(16);
  });

  it('offers nothing on a day the practitioner has reached the daily limit on, and the next day in full', async () => {
    const date = '2027-04-09';
    for (const clock of ['09:00', '10:00', '11:00'].slice(0, DAILY_LIMIT)) {
      const res = await book({ practitionerId: clinic.secondDoctor.userId, start: AT(clock, date) });
      expect(res.status).toBe(201);
    }
    expect(await slotsOf(clinic.secondDoctor.userId, localDay(date))).toEqual([]);
    // What availability says, booking agrees with: a free-looking slot that day is refused.
    const refused = await book({ practitionerId: clinic.secondDoctor.userId, start: AT('15:00', date) });
    expect([refused.status, refused.body.code]).toEqual([422, 'APPOINTMENT.DAILY_LIMIT_REACHED']);
    expect(await slotsOf(clinic.secondDoctor.userId, localDay('2027-04-10'))).toHaveLength(16);
    expect(await slotsOf(clinic.doctor.userId, localDay(date))).toHaveLength(16);
    const department = await ofDepartment(clinic.departmentId, localDay(date));
    const practitioners = new Set((department.body.slots as SlotBody[]).map((s) => s.practitionerId));
    expect([...practitioners]).toEqual([clinic.doctor.userId]);
  });

  it('offers no slot sooner than the lead time, and none in a department the practitioner holds no schedule in', async () => {
    const now = Date.now();
    const soon = await slotsOf(clinic.doctor.userId, {
      from: new Date(now - 3_600_000).toISOString(),
      to: new Date(now + 2 * 86_400_000).toISOString(),
    });
    expect(soon.length).toBeGreaterThan(0);
    expect(soon.every((s) => Date.parse(s.start) >= now + 120 * 60_000)).toBe(true);

    const date = '2027-04-12';
    expect(await slotsOf(clinic.doctor.userId, localDay(date), `&departmentId=${clinic.departmentId}`)).toHaveLength(16);
    const elsewhere = await ofPractitioner(
      clinic.doctor.userId,
      localDay(date),
      asDesk,
      `&departmentId=${clinic.otherDepartmentId}`,
    );
    expect([elsewhere.status, elsewhere.body.departmentId, elsewhere.body.slots]).toEqual([200, clinic.otherDepartmentId, []]);
  });

  it('answers 400 naming the field for malformed, backwards or over-long ranges', async () => {
    const id = clinic.doctor.userId;
    const fieldOf = async (path: string) => {
      const res = await asDesk.get(path);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      return (res.body.errors as { field: string; message: string }[]).map((e) => e.field);
    };
    const q = (from: string, to: string) => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    expect(await fieldOf(`/practitioners/${id}/availability?to=${encodeURIComponent('2027-04-13T00:00:00Z')}`)).toEqual(['from']);
    expect(await fieldOf(`/practitioners/${id}/availability?${q('2027-04-12T00:00:00', '2027-04-13T00:00:00Z')}`)).toEqual([
      'from',
    ]);
    expect(await fieldOf(`/practitioners/${id}/availability?${q('2027-04-12T00:00:00Z', '2027-04-13 00:00')}`)).toEqual(['to']);
    expect(await fieldOf(`/practitioners/${id}/availability?${q('2027-02-30T00:00:00Z', '2027-03-02T00:00:00Z')}`)).toEqual([
      'from',
    ]);
    expect(await fieldOf(`/practitioners/${id}/availability?${q('2027-04-12T09:00:00Z', '2027-04-12T09:00:00Z')}`)).toEqual([
      'to',
    ]);
    expect(await fieldOf(`/practitioners/${id}/availability?${q('2027-04-13T00:00:00Z', '2027-04-12T00:00:00Z')}`)).toEqual([
      'to',
    ]);
    expect(await fieldOf(`/practitioners/${id}/availability?${q('2027-04-01T00:00:00Z', '2027-05-02T00:00:01Z')}`)).toEqual([
      'to',
    ]);
    expect(
      await fieldOf(`/departments/${clinic.departmentId}/availability?${q('2027-04-01T00:00:00Z', '2027-05-03T00:00:00Z')}`),
    ).toEqual(['to']);
    expect(
      await fieldOf(`/practitioners/${id}/availability?${q('2027-04-12T00:00:00Z', '2027-04-13T00:00:00Z')}&departmentId=x`),
    ).toEqual(['departmentId']);
    // Exactly 31 days is allowed.
    expect((await ofPractitioner(id, { from: '2027-04-01T00:00:00Z', to: '2027-05-02T00:00:00Z' })).status).toBe(200);
  });

  it('answers 404 for unknown practitioners, staff who are not doctors and unknown departments; 403 without schedules:read', async () => {
    const range = localDay('2027-04-12');
    const unknown = '0192a000-0000-7000-8000-00000000abcd';
    expect((await ofPractitioner(unknown, range)).status).toBe(404);
    expect((await ofPractitioner(clinic.receptionist.userId, range)).status).toBe(404);
    expect((await ofDepartment(unknown, range)).status).toBe(404);
    const elsewhere = await givenClinic(t);
    const foreign = await ofPractitioner(clinic.doctor.userId, range, asDesk, `&departmentId=${elsewhere.departmentId}`);
    expect(foreign.status).toBe(404);
    expect((await asDesk.get(`/practitioners/not-a-uuid/availability?from=x&to=y`)).status).toBe(400);
    // Availability carries no patient data: a nurse reads it; billing, which keeps no schedules, does not.
    const nurse = await tokenFor(t, 'nurse', { hospitalId: clinic.hospitalId, departmentId: clinic.departmentId });
    expect((await ofPractitioner(clinic.doctor.userId, range, apiAs(t, nurse))).status).toBe(200);
    const billing = await tokenFor(t, 'billing_clerk', { hospitalId: clinic.hospitalId });
    expect((await ofPractitioner(clinic.doctor.userId, range, apiAs(t, billing))).status).toBe(403);
    expect((await ofDepartment(clinic.departmentId, range, apiAs(t, billing))).status).toBe(403);
  });
});

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
