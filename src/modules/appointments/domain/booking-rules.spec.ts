import { describe, expect, it } from '@jest/globals';
import { AppointmentRuleError } from './appointment-errors.js';
import { type BookingCalendar, type SlotRequest, slotFor } from './booking-rules.js';
import type { ScheduleException, ScheduleRule } from './schedule.js';
import { DEFAULT_CLINIC_HOURS } from './slot-grid.js';
import { instantAt } from './wall-clock.js';

const LISBON = 'Europe/Lisbon';
const MINUTE = 60_000;
const WEEKDAYS = [1, 2, 3, 4, 5];

const local = (date: string, clock: string, zone = LISBON): Date => {
  const [h, m] = clock.split(':').map(Number);
  const instant = instantAt(date, h * 60 + m, zone);
  if (!instant) throw new Error(`${date} ${clock} does not exist in ${zone}`);
  return instant;
};

/** Mon–Fri 09:00–12:00 and 13:00–18:00 in d1, 30-minute slots. */
const schedule = (overrides: Partial<ScheduleRule> = {}): ScheduleRule => ({
  id: 's1',
  practitionerId: 'p1',
  departmentId: 'd1',
  slotMinutes: 30,
  effectiveFrom: '2027-01-01',
  effectiveTo: null,
  weeklyHours: WEEKDAYS.flatMap((weekday) => [
    { weekday, start: '09:00', end: '12:00' },
    { weekday, start: '13:00', end: '18:00' },
  ]),
  ...overrides,
});

const calendar = (overrides: Partial<BookingCalendar> = {}): BookingCalendar => ({
  // Wednesday 2027-03-10, 08:00 in Lisbon (winter, UTC+0).
  now: new Date('2027-03-10T08:00:00Z'),
  leadMinutes: 60,
  walkIn: false,
  zone: LISBON,
  clinic: DEFAULT_CLINIC_HOURS,
  practitionerDepartments: ['d1', 'd2'],
  schedules: [schedule()],
  exceptions: [],
  ...overrides,
});

const request = (start: Date, minutes = 30, departmentId = 'd1'): SlotRequest => ({
  practitionerId: 'p1',
  departmentId,
  start,
  end: new Date(start.getTime() + minutes * MINUTE),
});

const exception = (
  kind: ScheduleException['kind'],
  start: Date,
  end: Date,
  departmentId: string | null = null,
): ScheduleException => ({
  id: `x-${kind}`,
  kind,
  departmentId,
  start,
  end,
});

function refusalOf(run: () => unknown): AppointmentRuleError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppointmentRuleError);
    return error as AppointmentRuleError;
  }
  throw new Error('expected a refusal');
}

const codeOf = (run: () => unknown) => refusalOf(run).code;

describe('slotFor: the slot itself', () => {
  it('answers the grid slot a request names exactly', () => {
    const start = local('2027-03-11', '10:00');
    expect(slotFor(request(start), calendar())).toEqual({
      practitionerId: 'p1',
      departmentId: 'd1',
      scheduleId: 's1',
      start: new Date('2027-03-11T10:00:00Z'),
      end: new Date('2027-03-11T10:30:00Z'),
    });
  });

  it('answers the first and last slots of the day, in summer an hour earlier in UTC', () => {
    const now = new Date('2027-07-14T08:00:00Z');
    expect(slotFor(request(new Date('2027-07-15T08:00:00Z')), calendar({ now })).start).toEqual(local('2027-07-15', '09:00'));
    expect(slotFor(request(new Date('2027-07-15T16:30:00Z')), calendar({ now })).end).toEqual(local('2027-07-15', '18:00'));
  });

  it('answers slots on the Mondays after both daylight-saving changes', () => {
    const now = new Date('2027-03-26T08:00:00Z');
    expect(slotFor(request(new Date('2027-03-29T08:00:00Z')), calendar({ now })).start).toEqual(local('2027-03-29', '09:00'));
    // The winter offset's 09:00Z is 10:00 in summer time: a slot too, an hour later on the grid.
    expect(slotFor(request(new Date('2027-03-29T09:00:00Z')), calendar({ now })).start).toEqual(local('2027-03-29', '10:00'));
    const autumn = new Date('2027-10-29T08:00:00Z');
    expect(slotFor(request(new Date('2027-11-01T09:00:00Z')), calendar({ now: autumn })).start).toEqual(
      local('2027-11-01', '09:00'),
    );
  });

  it('answers an extra session’s slot, of no schedule where none is held there', () => {
    // Saturday 2027-03-13 in d2, where no schedule is held.
    const extra = exception('extra', local('2027-03-13', '10:00'), local('2027-03-13', '12:00'), 'd2');
    const slot = slotFor(request(local('2027-03-13', '10:30'), 30, 'd2'), calendar({ exceptions: [extra] }));
    expect(slot).toEqual({
      practitionerId: 'p1',
      departmentId: 'd2',
      scheduleId: null,
      start: local('2027-03-13', '10:30'),
      end: local('2027-03-13', '11:00'),
    });
  });

  it('answers slots in Kolkata, 09:00 local being 03:30Z', () => {
    const zone = 'Asia/Kolkata';
    const slot = slotFor(request(new Date('2027-03-11T03:30:00Z')), calendar({ zone, now: new Date('2027-03-10T03:30:00Z') }));
    expect(slot.start).toEqual(local('2027-03-11', '09:00', zone));
    // 09:00Z is 14:30 there, on the afternoon grid; 03:45Z (09:15) is off it.
    expect(slotFor(request(new Date('2027-03-11T09:00:00Z')), calendar({ zone })).start).toEqual(
      local('2027-03-11', '14:30', zone),
    );
    expect(codeOf(() => slotFor(request(new Date('2027-03-11T03:45:00Z')), calendar({ zone })))).toBe(
      'APPOINTMENT.SLOT_MISALIGNED',
    );
  });
});

describe('slotFor: lead time', () => {
  it('refuses a start sooner than the lead time, naming the earliest start', () => {
    const now = new Date('2027-03-10T08:30:00Z');
    const refusal = refusalOf(() => slotFor(request(local('2027-03-10', '09:00')), calendar({ now })));
    expect(refusal.code).toBe('APPOINTMENT.LEAD_TIME');
    expect(refusal.details).toEqual({ earliestStart: '2027-03-10T09:30:00+00:00', leadMinutes: 60 });
  });

  it('accepts a start exactly the lead time ahead', () => {
    const now = new Date('2027-03-10T08:00:00Z');
    expect(slotFor(request(local('2027-03-10', '09:00')), calendar({ now })).start).toEqual(local('2027-03-10', '09:00'));
    const late = new Date(now.getTime() + 1);
    expect(codeOf(() => slotFor(request(local('2027-03-10', '09:00')), calendar({ now: late })))).toBe('APPOINTMENT.LEAD_TIME');
  });

  it('names the earliest start in the zone’s offset of the moment', () => {
    const now = new Date('2027-07-15T08:00:00Z');
    expect(refusalOf(() => slotFor(request(now), calendar({ now, leadMinutes: 120 }))).details).toEqual({
      earliestStart: '2027-07-15T11:00:00+01:00',
      leadMinutes: 120,
    });
  });

  it('checks the lead time first, before clinic hours, department and leave', () => {
    const now = new Date('2027-03-10T06:50:00Z');
    const leave = exception('leave', local('2027-03-10', '00:00'), local('2027-03-11', '00:00'));
    expect(codeOf(() => slotFor(request(local('2027-03-10', '07:00'), 30, 'd9'), calendar({ now, exceptions: [leave] })))).toBe(
      'APPOINTMENT.LEAD_TIME',
    );
    expect(codeOf(() => slotFor(request(local('2027-03-09', '10:00')), calendar()))).toBe('APPOINTMENT.LEAD_TIME');
  });

  it('exempts a walk-in from the lead time for a slot later today', () => {
    const now = new Date('2027-03-10T10:10:00Z');
    const walkIn = calendar({ now, walkIn: true, leadMinutes: 240 });
    expect(slotFor(request(local('2027-03-10', '10:30')), walkIn).start).toEqual(local('2027-03-10', '10:30'));
    expect(slotFor(request(local('2027-03-10', '17:30')), walkIn).start).toEqual(local('2027-03-10', '17:30'));
    expect(codeOf(() => slotFor(request(local('2027-03-10', '10:30')), calendar({ now, leadMinutes: 240 })))).toBe(
      'APPOINTMENT.LEAD_TIME',
    );
  });

  it('refuses a walk-in in the past, beyond a minute’s grace, naming now as the earliest start', () => {
    const slot = local('2027-03-10', '10:00');
    const withinGrace = new Date(slot.getTime() + MINUTE);
    expect(slotFor(request(slot), calendar({ now: withinGrace, walkIn: true })).start).toEqual(slot);
    const past = new Date(slot.getTime() + MINUTE + 1);
    const refusal = refusalOf(() => slotFor(request(slot), calendar({ now: past, walkIn: true })));
    expect(refusal.code).toBe('APPOINTMENT.LEAD_TIME');
    expect(refusal.details).toEqual({ earliestStart: '2027-03-10T10:01:00+00:00' });
  });

  it('refuses a walk-in on another local day than today', () => {
    const now = new Date('2027-03-10T10:10:00Z');
    const refusal = refusalOf(() => slotFor(request(local('2027-03-11', '10:00')), calendar({ now, walkIn: true })));
    expect(refusal.code).toBe('APPOINTMENT.LEAD_TIME');
    expect(refusal.details).toEqual({ earliestStart: '2027-03-10T10:10:00+00:00' });
  });

  it('takes today as the local date of the hospital, not the UTC date', () => {
    const zone = 'Asia/Kolkata';
    // 19:00Z on the 10th is 00:30 on the 11th in Kolkata: 09:00 there (03:30Z on the 11th) is today.
    const now = new Date('2027-03-10T19:00:00Z');
    expect(slotFor(request(new Date('2027-03-11T03:30:00Z')), calendar({ zone, now, walkIn: true })).start).toEqual(
      new Date('2027-03-11T03:30:00Z'),
    );
    // 03:00Z on the 10th is 08:30 there; 19:00Z the same UTC day is already the 11th: not today.
    const morning = new Date('2027-03-10T03:00:00Z');
    expect(codeOf(() => slotFor(request(new Date('2027-03-10T19:00:00Z')), calendar({ zone, now: morning, walkIn: true })))).toBe(
      'APPOINTMENT.LEAD_TIME',
    );
  });
});

describe('slotFor: clinic hours', () => {
  it.each([
    ['starting before opening', '08:30', 30],
    ['running past closing', '17:30', 60],
    ['starting at closing', '18:00', 30],
    ['before opening by a minute', '08:59', 30],
  ])('refuses a request %s', (_, clock, minutes) => {
    const refusal = refusalOf(() => slotFor(request(local('2027-03-11', clock), minutes), calendar()));
    expect(refusal.code).toBe('APPOINTMENT.OUTSIDE_CLINIC_HOURS');
    expect(refusal.details).toEqual({ opens: '09:00', closes: '18:00', timeZone: LISBON });
  });

  it('reads clinic hours on the local clock: 08:30Z is 09:30 in summer, 07:30Z is 08:30', () => {
    const now = new Date('2027-07-14T08:00:00Z');
    expect(codeOf(() => slotFor(request(new Date('2027-07-15T07:30:00Z')), calendar({ now })))).toBe(
      'APPOINTMENT.OUTSIDE_CLINIC_HOURS',
    );
    expect(slotFor(request(new Date('2027-07-15T08:30:00Z')), calendar({ now })).start).toEqual(local('2027-07-15', '09:30'));
  });

  it('lets an appointment end at midnight of a 24-hour clinic, not past it', () => {
    const allDay = { opens: 0, closes: 24 * 60 };
    const late = schedule({ weeklyHours: [{ weekday: 4, start: '22:00', end: '24:00' }] });
    const cal = calendar({ clinic: allDay, schedules: [late] });
    expect(slotFor(request(local('2027-03-11', '23:30')), cal).end).toEqual(local('2027-03-12', '00:00'));
    const refusal = refusalOf(() => slotFor(request(local('2027-03-11', '23:30'), 60), cal));
    expect(refusal.code).toBe('APPOINTMENT.OUTSIDE_CLINIC_HOURS');
    expect(refusal.details).toEqual({ opens: '00:00', closes: '24:00', timeZone: LISBON });
  });

  it('checks clinic hours before the department', () => {
    expect(codeOf(() => slotFor(request(local('2027-03-11', '08:00'), 30, 'd9'), calendar()))).toBe(
      'APPOINTMENT.OUTSIDE_CLINIC_HOURS',
    );
  });
});

describe('slotFor: department', () => {
  it('refuses a department the practitioner does not work in, naming theirs', () => {
    const refusal = refusalOf(() => slotFor(request(local('2027-03-11', '10:00'), 30, 'd9'), calendar()));
    expect(refusal.code).toBe('APPOINTMENT.DEPARTMENT_MISMATCH');
    expect(refusal.details).toEqual({ practitionerDepartmentIds: ['d1', 'd2'] });
  });

  it('checks the department before leave', () => {
    const leave = exception('leave', local('2027-03-11', '00:00'), local('2027-03-12', '00:00'));
    expect(codeOf(() => slotFor(request(local('2027-03-11', '10:00'), 30, 'd9'), calendar({ exceptions: [leave] })))).toBe(
      'APPOINTMENT.DEPARTMENT_MISMATCH',
    );
  });
});

describe('slotFor: leave and blocked periods', () => {
  it('refuses a slot a leave period overlaps, naming its end', () => {
    const leave = exception('leave', local('2027-03-11', '10:15'), local('2027-03-15', '00:00'));
    const refusal = refusalOf(() => slotFor(request(local('2027-03-11', '10:00')), calendar({ exceptions: [leave] })));
    expect(refusal.code).toBe('APPOINTMENT.PRACTITIONER_ON_LEAVE');
    expect(refusal.message).toContain('on leave');
    expect(refusal.details).toEqual({ until: '2027-03-15T00:00:00+00:00' });
  });

  it('refuses a slot in a blocked period, as not available', () => {
    const blocked = exception('blocked', local('2027-03-11', '10:00'), local('2027-03-11', '11:00'));
    const refusal = refusalOf(() => slotFor(request(local('2027-03-11', '10:30')), calendar({ exceptions: [blocked] })));
    expect(refusal.code).toBe('APPOINTMENT.PRACTITIONER_ON_LEAVE');
    expect(refusal.message).toContain('not available');
    expect(refusal.details).toEqual({ until: '2027-03-11T11:00:00+00:00' });
  });

  it('closes every department, whatever department the leave names', () => {
    const leave = exception('leave', local('2027-03-11', '09:00'), local('2027-03-11', '12:00'), 'd2');
    expect(codeOf(() => slotFor(request(local('2027-03-11', '10:00')), calendar({ exceptions: [leave] })))).toBe(
      'APPOINTMENT.PRACTITIONER_ON_LEAVE',
    );
  });

  it('lets a slot that only touches a leave period through', () => {
    const before = exception('leave', local('2027-03-11', '00:00'), local('2027-03-11', '10:00'));
    const after = exception('blocked', local('2027-03-11', '10:30'), local('2027-03-11', '12:00'));
    expect(slotFor(request(local('2027-03-11', '10:00')), calendar({ exceptions: [before, after] })).start).toEqual(
      local('2027-03-11', '10:00'),
    );
  });

  it('checks leave before the slot grid', () => {
    const leave = exception('leave', local('2027-03-11', '09:00'), local('2027-03-11', '12:00'));
    expect(codeOf(() => slotFor(request(local('2027-03-11', '10:10')), calendar({ exceptions: [leave] })))).toBe(
      'APPOINTMENT.PRACTITIONER_ON_LEAVE',
    );
  });
});

describe('slotFor: the slot grid and the schedule', () => {
  it('refuses a request within working hours but off the grid, naming the grid', () => {
    const refusal = refusalOf(() => slotFor(request(local('2027-03-11', '09:15')), calendar()));
    expect(refusal.code).toBe('APPOINTMENT.SLOT_MISALIGNED');
    expect(refusal.details).toEqual({ slotMinutes: 30, gridStart: '2027-03-11T09:00:00+00:00' });
    const afternoon = refusalOf(() => slotFor(request(local('2027-03-11', '13:10')), calendar()));
    expect(afternoon.details).toEqual({ slotMinutes: 30, gridStart: '2027-03-11T13:00:00+00:00' });
  });

  it('refuses a request on the grid but of the wrong length', () => {
    expect(codeOf(() => slotFor(request(local('2027-03-11', '09:00'), 60), calendar()))).toBe('APPOINTMENT.SLOT_MISALIGNED');
    expect(codeOf(() => slotFor(request(local('2027-03-11', '09:00'), 15), calendar()))).toBe('APPOINTMENT.SLOT_MISALIGNED');
  });

  it('names the grid of the schedule in its zone’s summer offset', () => {
    const now = new Date('2027-07-14T08:00:00Z');
    expect(refusalOf(() => slotFor(request(local('2027-07-15', '09:10')), calendar({ now }))).details).toEqual({
      slotMinutes: 30,
      gridStart: '2027-07-15T09:00:00+01:00',
    });
  });

  it('refuses a request off the grid of an extra session with that session’s grid', () => {
    const extra = exception('extra', local('2027-03-13', '10:00'), local('2027-03-13', '12:00'), 'd2');
    const refusal = refusalOf(() => slotFor(request(local('2027-03-13', '10:10'), 30, 'd2'), calendar({ exceptions: [extra] })));
    expect(refusal.code).toBe('APPOINTMENT.SLOT_MISALIGNED');
    expect(refusal.details).toEqual({ slotMinutes: 30, gridStart: '2027-03-13T10:00:00+00:00' });
  });

  it('names the slot length of the schedule in force on the extra session’s day', () => {
    const old = schedule({ id: 'old', slotMinutes: 20, effectiveTo: '2027-02-28' });
    const current = schedule({ id: 'new', slotMinutes: 45, effectiveFrom: '2027-03-01' });
    const extra = exception('extra', local('2027-03-13', '10:00'), local('2027-03-13', '12:00'), 'd1');
    const cal = calendar({ schedules: [old, current], exceptions: [extra] });
    expect(slotFor(request(local('2027-03-13', '10:45'), 45), cal).scheduleId).toBe('new');
    expect(refusalOf(() => slotFor(request(local('2027-03-13', '10:20'), 20), cal)).details).toEqual({
      slotMinutes: 45,
      gridStart: '2027-03-13T10:00:00+00:00',
    });
  });

  it('refuses a request on a day without working hours', () => {
    // Saturday: the clinic is open, the practitioner does not work.
    const refusal = refusalOf(() => slotFor(request(local('2027-03-13', '10:00')), calendar()));
    expect(refusal.code).toBe('APPOINTMENT.OUTSIDE_SCHEDULE');
    expect(refusal.details).toBeUndefined();
  });

  it('refuses a request in the break, or across it', () => {
    expect(codeOf(() => slotFor(request(local('2027-03-11', '12:00')), calendar()))).toBe('APPOINTMENT.OUTSIDE_SCHEDULE');
    expect(codeOf(() => slotFor(request(local('2027-03-11', '11:45')), calendar()))).toBe('APPOINTMENT.OUTSIDE_SCHEDULE');
    expect(codeOf(() => slotFor(request(local('2027-03-11', '11:30'), 60), calendar()))).toBe('APPOINTMENT.OUTSIDE_SCHEDULE');
  });

  it('refuses a request in another department of the practitioner, where they hold no hours then', () => {
    expect(codeOf(() => slotFor(request(local('2027-03-11', '10:00'), 30, 'd2'), calendar()))).toBe(
      'APPOINTMENT.OUTSIDE_SCHEDULE',
    );
  });

  it('refuses a request before the schedule is in force or after it ends', () => {
    const later = calendar({ schedules: [schedule({ effectiveFrom: '2027-03-12' })] });
    expect(codeOf(() => slotFor(request(local('2027-03-11', '10:00')), later))).toBe('APPOINTMENT.OUTSIDE_SCHEDULE');
    expect(slotFor(request(local('2027-03-12', '10:00')), later).start).toEqual(local('2027-03-12', '10:00'));
    const ended = calendar({ schedules: [schedule({ effectiveTo: '2027-03-10' })] });
    expect(codeOf(() => slotFor(request(local('2027-03-11', '10:00')), ended))).toBe('APPOINTMENT.OUTSIDE_SCHEDULE');
  });
});
