import { describe, expect, it } from '@jest/globals';
import type { ScheduleException, ScheduleRule, WeeklyInterval } from './schedule.js';
import { type ClinicHours, DEFAULT_CLINIC_HOURS, MAX_GRID_DAYS, type Slot, type SlotGridInput, slotsOf } from './slot-grid.js';
import { addDays, clockOf, instantAt, localTimeOf } from './wall-clock.js';

const LISBON = 'Europe/Lisbon';
const KOLKATA = 'Asia/Kolkata';
const MINUTE = 60_000;
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7];

const everyDay = (start: string, end: string, weekdays = ALL_WEEK): WeeklyInterval[] =>
  weekdays.map((weekday) => ({ weekday, start, end }));

/** Mon–Sun 09:00–12:00 and 13:00–18:00 in 30-minute slots: 6 + 10 a day. */
const SPLIT_DAY = [...everyDay('09:00', '12:00'), ...everyDay('13:00', '18:00')];
const SPLIT_DAY_CLOCKS = [
  ...['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'],
  ...['13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '17:00', '17:30'],
];

const schedule = (overrides: Partial<ScheduleRule> = {}): ScheduleRule => ({
  id: 's1',
  practitionerId: 'p1',
  departmentId: 'd1',
  slotMinutes: 30,
  effectiveFrom: '2027-01-01',
  effectiveTo: null,
  weeklyHours: SPLIT_DAY,
  ...overrides,
});

const local = (date: string, clock: string, zone = LISBON): Date => {
  const [h, m] = clock.split(':').map(Number);
  const instant = instantAt(date, h * 60 + m, zone);
  if (!instant) throw new Error(`${date} ${clock} does not exist in ${zone}`);
  return instant;
};

const exception = (
  kind: ScheduleException['kind'],
  start: Date,
  end: Date,
  departmentId: string | null = null,
): ScheduleException => ({
  id: `x-${kind}-${start.toISOString()}`,
  kind,
  departmentId,
  start,
  end,
});

/** The slots of whole local days from `date`, in the zone. */
const grid = (date: string, overrides: Partial<SlotGridInput> = {}, days = 1): Slot[] => {
  const zone = overrides.zone ?? LISBON;
  return slotsOf({
    practitionerId: 'p1',
    schedules: [schedule()],
    exceptions: [],
    clinic: DEFAULT_CLINIC_HOURS,
    zone,
    from: local(date, '00:00', zone),
    to: local(addDays(date, days), '00:00', zone),
    ...overrides,
  });
};

const clocksOf = (slots: readonly Slot[], zone = LISBON) => slots.map((s) => clockOf(localTimeOf(s.start, zone).minutes));
const utcOf = (slots: readonly Slot[]) => slots.map((s) => s.start.toISOString().slice(11, 16));
const lengthsOf = (slots: readonly Slot[]) => [...new Set(slots.map((s) => (s.end.getTime() - s.start.getTime()) / MINUTE))];

function expectNoOverlap(slots: readonly Slot[]): void {
  const sorted = [...slots].sort((a, b) => a.start.getTime() - b.start.getTime());
  for (let i = 1; i < sorted.length; i++) expect(sorted[i].start.getTime()).toBeGreaterThanOrEqual(sorted[i - 1].end.getTime());
}

describe('slotsOf on ordinary days', () => {
  it('cuts each weekly interval into slot-long pieces from its start, on the UTC clock in Lisbon winter', () => {
    const slots = grid('2027-03-10');
    expect(slots).toHaveLength(16);
    expect(clocksOf(slots)).toEqual(SPLIT_DAY_CLOCKS);
    expect(utcOf(slots)).toEqual(SPLIT_DAY_CLOCKS);
    expect(lengthsOf(slots)).toEqual([30]);
    expect(slots[0]).toEqual({
      practitionerId: 'p1',
      departmentId: 'd1',
      scheduleId: 's1',
      start: new Date('2027-03-10T09:00:00Z'),
      end: new Date('2027-03-10T09:30:00Z'),
    });
    expect(slots[15].end).toEqual(new Date('2027-03-10T18:00:00Z'));
  });

  it('puts the same local slots an hour earlier in UTC in Lisbon summer', () => {
    const slots = grid('2027-07-15');
    expect(slots).toHaveLength(16);
    expect(clocksOf(slots)).toEqual(SPLIT_DAY_CLOCKS);
    expect(slots[0].start).toEqual(new Date('2027-07-15T08:00:00Z'));
    expect(slots[15].end).toEqual(new Date('2027-07-15T17:00:00Z'));
  });

  it('keeps to the weekdays of the weekly hours', () => {
    const weekdaysOnly = schedule({ weeklyHours: everyDay('09:00', '12:00', [1, 2, 3, 4, 5]) });
    // 2027-03-08 is a Monday: five working days of 6 slots, then a weekend of none.
    const slots = grid('2027-03-08', { schedules: [weekdaysOnly] }, 7);
    expect(slots).toHaveLength(30);
    expect([...new Set(slots.map((s) => localTimeOf(s.start, LISBON).date))]).toEqual([
      '2027-03-08',
      '2027-03-09',
      '2027-03-10',
      '2027-03-11',
      '2027-03-12',
    ]);
  });

  it('drops the tail of an interval shorter than a slot', () => {
    const slots = grid('2027-03-10', { schedules: [schedule({ slotMinutes: 45, weeklyHours: everyDay('09:00', '11:00') })] });
    expect(clocksOf(slots)).toEqual(['09:00', '09:45']);
    expect(lengthsOf(slots)).toEqual([45]);
  });

  it('answers sorted by start', () => {
    const morning = schedule({ id: 'am', weeklyHours: everyDay('09:00', '10:00') });
    const earlier = schedule({ id: 'early', departmentId: 'd0', weeklyHours: everyDay('10:00', '11:00') });
    const slots = grid('2027-03-10', { schedules: [earlier, morning] });
    expect(clocksOf(slots)).toEqual(['09:00', '09:30', '10:00', '10:30']);
    expect(slots.map((s) => s.scheduleId)).toEqual(['am', 'am', 'early', 'early']);
  });
});

describe('slotsOf across daylight-saving changes', () => {
  it('gives the same local slots on the spring change day in Lisbon, each an hour earlier in UTC', () => {
    const slots = grid('2027-03-28');
    expect(slots).toHaveLength(16);
    expect(clocksOf(slots)).toEqual(SPLIT_DAY_CLOCKS);
    expect(slots.map((s) => s.start.getTime())).toEqual(
      SPLIT_DAY_CLOCKS.map((c) => new Date(`2027-03-28T${c}:00Z`).getTime() - 60 * MINUTE),
    );
    expect(lengthsOf(slots)).toEqual([30]);
  });

  it('gives the same local slots on the autumn change day in Lisbon, on the UTC clock again', () => {
    const slots = grid('2027-10-31');
    expect(slots).toHaveLength(16);
    expect(clocksOf(slots)).toEqual(SPLIT_DAY_CLOCKS);
    expect(utcOf(slots)).toEqual(SPLIT_DAY_CLOCKS);
    expect(lengthsOf(slots)).toEqual([30]);
  });

  it('neither loses, doubles nor shifts a slot over a week spanning each change', () => {
    for (const [first, offsets] of [
      ['2027-03-25', [0, 0, 0, 60, 60, 60, 60]],
      ['2027-10-28', [60, 60, 60, 0, 0, 0, 0]],
    ] as const) {
      const slots = grid(first, {}, 7);
      expect(slots).toHaveLength(7 * 16);
      expect(new Set(slots.map((s) => s.start.getTime())).size).toBe(7 * 16);
      expect(lengthsOf(slots)).toEqual([30]);
      expectNoOverlap(slots);
      for (let n = 0; n < 7; n++) {
        const date = addDays(first, n);
        const ofDay = slots.filter((s) => localTimeOf(s.start, LISBON).date === date);
        expect(clocksOf(ofDay)).toEqual(SPLIT_DAY_CLOCKS);
        expect(ofDay[0].start).toEqual(new Date(Date.parse(`${date}T09:00:00Z`) - offsets[n] * MINUTE));
      }
    }
  });

  it('makes no slot at a skipped wall-clock time, nor one the change falls inside, at night in a 24-hour clinic', () => {
    const night = schedule({ weeklyHours: everyDay('00:00', '04:00') });
    const allDay: ClinicHours = { opens: 0, closes: 24 * 60 };
    // Spring: 01:00 to 02:00 does not exist; 00:30–01:00 would end inside the gap.
    const spring = grid('2027-03-28', { schedules: [night], clinic: allDay });
    expect(clocksOf(spring)).toEqual(['00:00', '02:00', '02:30', '03:00', '03:30']);
    expect(lengthsOf(spring)).toEqual([30]);
    expectNoOverlap(spring);
    // Autumn: 01:00 to 02:00 happens twice; slots take the first, and 01:30–02:00 (90 real minutes) is none.
    const autumn = grid('2027-10-31', { schedules: [night], clinic: allDay });
    expect(clocksOf(autumn)).toEqual(['00:00', '00:30', '01:00', '02:00', '02:30', '03:00', '03:30']);
    expect(autumn[2].start).toEqual(new Date('2027-10-31T00:00:00Z'));
    expect(lengthsOf(autumn)).toEqual([30]);
    expectNoOverlap(autumn);
  });

  it('puts 09:00 in Kolkata at 03:30Z, every day of the year', () => {
    for (const date of ['2027-03-28', '2027-07-15', '2027-10-31']) {
      const slots = grid(date, { zone: KOLKATA });
      expect(slots).toHaveLength(16);
      expect(clocksOf(slots, KOLKATA)).toEqual(SPLIT_DAY_CLOCKS);
      expect(slots[0].start).toEqual(new Date(`${date}T03:30:00Z`));
      expect(slots[5].end).toEqual(new Date(`${date}T06:30:00Z`));
      expect(slots[15].end).toEqual(new Date(`${date}T12:30:00Z`));
    }
  });

  it('reads the weekday of the local date, not the UTC one', () => {
    // Kolkata Monday 00:00–03:00 is Sunday 18:30–21:30 UTC.
    const mondayNight = schedule({ weeklyHours: [{ weekday: 1, start: '00:00', end: '03:00' }] });
    const slots = grid('2027-03-29', { zone: KOLKATA, schedules: [mondayNight], clinic: { opens: 0, closes: 24 * 60 } });
    expect(slots).toHaveLength(6);
    expect(slots[0].start).toEqual(new Date('2027-03-28T18:30:00Z'));
  });
});

describe('slotsOf within clinic hours', () => {
  it('clips a schedule wider than the clinic to 09:00–18:00 by default', () => {
    const slots = grid('2027-03-10', { schedules: [schedule({ weeklyHours: everyDay('07:00', '20:00') })] });
    expect(slots).toHaveLength(18);
    expect(clocksOf(slots)[0]).toBe('09:00');
    expect(clocksOf(slots)[17]).toBe('17:30');
    expect(slots[17].end).toEqual(new Date('2027-03-10T18:00:00Z'));
  });

  it('follows the hospital’s own clinic hours', () => {
    const wide = schedule({ weeklyHours: everyDay('07:00', '20:00') });
    const slots = grid('2027-03-10', { schedules: [wide], clinic: { opens: 8 * 60, closes: 19 * 60 + 30 } });
    expect(slots).toHaveLength(23);
    expect(clocksOf(slots)[0]).toBe('08:00');
    expect(clocksOf(slots)[22]).toBe('19:00');
  });

  it('drops a slot that would run past closing time', () => {
    const slots = grid('2027-03-10', { schedules: [schedule({ slotMinutes: 45, weeklyHours: everyDay('15:30', '19:00') })] });
    // 15:30, 16:15, 17:00 end by 18:00; 17:45 would end at 18:30.
    expect(clocksOf(slots)).toEqual(['15:30', '16:15', '17:00']);
  });
});

describe('slotsOf with exceptions', () => {
  it('removes the slots a leave period overlaps, and only those', () => {
    const leave = exception('leave', local('2027-03-10', '10:15'), local('2027-03-10', '11:00'));
    const slots = grid('2027-03-10', { exceptions: [leave] });
    expect(clocksOf(slots)).toEqual(SPLIT_DAY_CLOCKS.filter((c) => c !== '10:00' && c !== '10:30'));
  });

  it('removes the slots a blocked period overlaps, touching ones kept', () => {
    const blocked = exception('blocked', local('2027-03-10', '13:00'), local('2027-03-10', '14:00'));
    const slots = grid('2027-03-10', { exceptions: [blocked] });
    expect(clocksOf(slots)).toEqual(SPLIT_DAY_CLOCKS.filter((c) => c !== '13:00' && c !== '13:30'));
  });

  it('closes every department whatever department the leave names', () => {
    const d1 = schedule({ id: 's1', departmentId: 'd1', weeklyHours: everyDay('09:00', '12:00', [1, 2, 3]) });
    const d2 = schedule({ id: 's2', departmentId: 'd2', weeklyHours: everyDay('09:00', '12:00', [4, 5]) });
    // Monday 2027-03-08 to Friday 2027-03-12 all on leave but Friday.
    const leave = exception('leave', local('2027-03-08', '00:00'), local('2027-03-12', '00:00'), 'd1');
    const slots = grid('2027-03-08', { schedules: [d1, d2], exceptions: [leave] }, 7);
    expect(slots).toHaveLength(6);
    expect(new Set(slots.map((s) => localTimeOf(s.start, LISBON).date))).toEqual(new Set(['2027-03-12']));
    expect(new Set(slots.map((s) => s.departmentId))).toEqual(new Set(['d2']));
  });

  it('adds an extra session’s slots in its department, of the length of the schedule there', () => {
    const extra = exception('extra', local('2027-03-10', '12:00'), local('2027-03-10', '13:00'), 'd1');
    const slots = grid('2027-03-10', { schedules: [schedule({ slotMinutes: 20 })], exceptions: [extra] });
    const added = slots.filter((s) => {
      const m = localTimeOf(s.start, LISBON).minutes;
      return m >= 12 * 60 && m < 13 * 60;
    });
    expect(clocksOf(added)).toEqual(['12:00', '12:20', '12:40']);
    expect(added.every((s) => s.departmentId === 'd1' && s.scheduleId === 's1')).toBe(true);
    expect(lengthsOf(added)).toEqual([20]);
  });

  it('gives an extra session where no schedule is in force 30-minute slots of no schedule', () => {
    // A Saturday session in d2, where the practitioner has no schedule.
    const extra = exception('extra', local('2027-03-13', '10:00'), local('2027-03-13', '11:15'), 'd2');
    const slots = grid('2027-03-13', { schedules: [], exceptions: [extra] });
    expect(slots).toEqual([
      {
        practitionerId: 'p1',
        departmentId: 'd2',
        scheduleId: null,
        start: local('2027-03-13', '10:00'),
        end: local('2027-03-13', '10:30'),
      },
      {
        practitionerId: 'p1',
        departmentId: 'd2',
        scheduleId: null,
        start: local('2027-03-13', '10:30'),
        end: local('2027-03-13', '11:00'),
      },
    ]);
  });

  it('keeps extra sessions within clinic hours, out of leave, and without doubling scheduled slots', () => {
    const evening = exception('extra', local('2027-03-10', '17:00'), local('2027-03-10', '20:00'), 'd1');
    const overlapping = exception('extra', local('2027-03-10', '09:00'), local('2027-03-10', '10:00'), 'd1');
    const leave = exception('leave', local('2027-03-10', '09:30'), local('2027-03-10', '10:00'));
    const slots = grid('2027-03-10', { exceptions: [evening, overlapping, leave] });
    expect(clocksOf(slots)).toEqual(SPLIT_DAY_CLOCKS.filter((c) => c !== '09:30'));
    expect(new Set(slots.map((s) => s.start.getTime())).size).toBe(slots.length);
  });

  it('ignores an extra session that names no department, and one outside the range', () => {
    const nowhere = exception('extra', local('2027-03-10', '12:00'), local('2027-03-10', '13:00'), null);
    const tomorrow = exception('extra', local('2027-03-11', '12:00'), local('2027-03-11', '13:00'), 'd1');
    expect(clocksOf(grid('2027-03-10', { exceptions: [nowhere, tomorrow] }))).toEqual(SPLIT_DAY_CLOCKS);
  });

  it('makes extra-session slots move with the clocks on a change day', () => {
    const extra = exception('extra', local('2027-03-28', '12:00'), local('2027-03-28', '13:00'), 'd1');
    const added = grid('2027-03-28', { exceptions: [extra] }).filter((s) => s.start >= local('2027-03-28', '12:00'));
    expect(added.slice(0, 2).map((s) => s.start)).toEqual([new Date('2027-03-28T11:00:00Z'), new Date('2027-03-28T11:30:00Z')]);
  });
});

describe('slotsOf bounds and filters', () => {
  it('respects effectiveFrom and effectiveTo, both included', () => {
    const short = schedule({ effectiveFrom: '2027-03-10', effectiveTo: '2027-03-12' });
    const slots = grid('2027-03-08', { schedules: [short] }, 7);
    expect(slots).toHaveLength(3 * 16);
    expect([...new Set(slots.map((s) => localTimeOf(s.start, LISBON).date))]).toEqual(['2027-03-10', '2027-03-11', '2027-03-12']);
  });

  it('switches schedules on the day one ends and the next begins', () => {
    const before = schedule({ id: 'old', effectiveTo: '2027-03-09', weeklyHours: everyDay('09:00', '10:00') });
    const after = schedule({ id: 'new', effectiveFrom: '2027-03-10', weeklyHours: everyDay('14:00', '15:00') });
    const slots = grid('2027-03-09', { schedules: [before, after] }, 2);
    expect(
      slots.map((s) => `${localTimeOf(s.start, LISBON).date} ${clockOf(localTimeOf(s.start, LISBON).minutes)} ${s.scheduleId}`),
    ).toEqual(['2027-03-09 09:00 old', '2027-03-09 09:30 old', '2027-03-10 14:00 new', '2027-03-10 14:30 new']);
  });

  it('keeps to one department when asked', () => {
    const d1 = schedule({ id: 's1', departmentId: 'd1', weeklyHours: everyDay('09:00', '12:00') });
    const d2 = schedule({ id: 's2', departmentId: 'd2', weeklyHours: everyDay('13:00', '18:00') });
    const d2Extra = exception('extra', local('2027-03-10', '12:00'), local('2027-03-10', '13:00'), 'd2');
    expect(grid('2027-03-10', { schedules: [d1, d2], exceptions: [d2Extra] })).toHaveLength(6 + 2 + 10);
    const onlyD1 = grid('2027-03-10', { schedules: [d1, d2], exceptions: [d2Extra], departmentId: 'd1' });
    expect(onlyD1).toHaveLength(6);
    expect(new Set(onlyD1.map((s) => s.departmentId))).toEqual(new Set(['d1']));
    const onlyD2 = grid('2027-03-10', { schedules: [d1, d2], exceptions: [d2Extra], departmentId: 'd2' });
    expect(clocksOf(onlyD2)).toEqual(['12:00', '12:30', ...SPLIT_DAY_CLOCKS.slice(6)]);
  });

  it('answers slots starting in [from, to): one starting before from is out, one starting at to is out', () => {
    const slots = grid('2027-03-10', { from: local('2027-03-10', '10:15'), to: local('2027-03-10', '11:30') });
    expect(clocksOf(slots)).toEqual(['10:30', '11:00']);
    const exact = grid('2027-03-10', { from: local('2027-03-10', '10:00'), to: local('2027-03-10', '11:00') });
    expect(clocksOf(exact)).toEqual(['10:00', '10:30']);
    expect(grid('2027-03-10', { from: local('2027-03-10', '10:00'), to: local('2027-03-10', '10:00') })).toEqual([]);
  });

  it('answers nothing without a schedule or an extra session', () => {
    expect(grid('2027-03-10', { schedules: [] })).toEqual([]);
  });

  it('covers a range of MAX_GRID_DAYS local days in full, and no further', () => {
    const full = grid('2027-03-01', {}, MAX_GRID_DAYS);
    expect(full).toHaveLength(MAX_GRID_DAYS * 16);
    const longer = grid('2027-03-01', {}, 200);
    const lastDate = localTimeOf(longer[longer.length - 1].start, LISBON).date;
    expect(lastDate <= addDays('2027-03-01', MAX_GRID_DAYS)).toBe(true);
    expect(longer.length).toBeLessThanOrEqual((MAX_GRID_DAYS + 1) * 16);
  });
});
