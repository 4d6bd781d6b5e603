import { describe, expect, it } from '@jest/globals';
import { inForceOn, type ScheduleRule, schedulesOverlap, type WeeklyInterval, weeklyHoursErrors } from './schedule.js';

const day = (weekday: number, start: string, end: string): WeeklyInterval => ({ weekday, start, end });
const fieldsOf = (hours: readonly WeeklyInterval[], slotMinutes = 30) =>
  weeklyHoursErrors(hours, slotMinutes).map((e) => e.field);

const schedule = (overrides: Partial<ScheduleRule> = {}): ScheduleRule => ({
  id: 's1',
  practitionerId: 'p1',
  departmentId: 'd1',
  slotMinutes: 30,
  effectiveFrom: '2027-01-01',
  effectiveTo: null,
  weeklyHours: [day(1, '09:00', '12:00'), day(1, '13:00', '18:00')],
  ...overrides,
});

describe('weeklyHoursErrors', () => {
  it('accepts a week of split days, an interval to 24:00 and one exactly a slot long', () => {
    const hours = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [day(weekday, '09:00', '12:00'), day(weekday, '13:00', '18:00')]);
    expect(weeklyHoursErrors(hours, 30)).toEqual([]);
    expect(weeklyHoursErrors([day(5, '20:00', '24:00'), day(6, '00:00', '00:30')], 30)).toEqual([]);
    expect(weeklyHoursErrors([day(3, '09:00', '17:00')], 480)).toEqual([]);
  });

  it.each([0, 8, -1, 1.5, Number.NaN])('refuses weekday %p', (weekday) => {
    expect(weeklyHoursErrors([day(weekday, '09:00', '12:00')], 30)).toEqual([
      { field: 'weeklyHours[0].weekday', message: 'weekday must be 1 (Monday) to 7 (Sunday)' },
    ]);
  });

  it.each(['9:00', '09:0', '25:00', '12:60', 'ab', '', '24:00'])('refuses start %j', (start) => {
    expect(fieldsOf([day(1, '08:00', '08:30'), day(1, start, '23:00')])[0]).toBe('weeklyHours[1].start');
  });

  it.each(['9:00', '25:00', '12:60', '24:01', 'ab', ''])('refuses end %j', (end) => {
    expect(weeklyHoursErrors([day(1, '08:00', '08:30'), day(1, '09:00', end)], 30)).toEqual([
      { field: 'weeklyHours[1].end', message: 'end must be a wall-clock time HH:MM from 00:00 to 24:00' },
    ]);
  });

  it('names both times of an interval when both are malformed, and the weekday too', () => {
    expect(fieldsOf([day(9, 'x', 'y')])).toEqual(['weeklyHours[0].weekday', 'weeklyHours[0].start', 'weeklyHours[0].end']);
  });

  it('refuses an end at or before the start', () => {
    const afterStart = { field: 'weeklyHours[1].end', message: 'end must be after start' };
    expect(weeklyHoursErrors([day(1, '08:00', '08:30'), day(1, '12:00', '12:00')], 30)).toEqual([afterStart]);
    expect(weeklyHoursErrors([day(1, '08:00', '08:30'), day(1, '12:00', '09:00')], 30)).toEqual([afterStart]);
  });

  it('refuses an interval shorter than one slot', () => {
    expect(weeklyHoursErrors([day(2, '09:00', '09:20')], 30)).toEqual([
      { field: 'weeklyHours[0].end', message: 'the interval must hold at least one 30-minute slot' },
    ]);
    expect(fieldsOf([day(2, '09:00', '09:29')], 30)).toEqual(['weeklyHours[0].end']);
    expect(fieldsOf([day(2, '09:00', '09:30')], 30)).toEqual([]);
    expect(fieldsOf([day(2, '09:00', '09:20')], 15)).toEqual([]);
  });

  it('refuses overlapping intervals on one weekday, naming the later one and the one it overlaps', () => {
    expect(weeklyHoursErrors([day(1, '09:00', '12:00'), day(1, '11:30', '14:00')], 30)).toEqual([
      {
        field: 'weeklyHours[1]',
        message: 'overlaps weeklyHours[0] on weekday 1; leave a break between intervals',
      },
    ]);
    // Containment and identical intervals overlap too, in any order given.
    expect(fieldsOf([day(3, '13:00', '14:00'), day(4, '09:00', '18:00'), day(3, '09:00', '18:00')])).toEqual(['weeklyHours[2]']);
    expect(fieldsOf([day(5, '09:00', '12:00'), day(5, '09:00', '12:00')])).toEqual(['weeklyHours[1]']);
    // Each later interval names the first it overlaps.
    expect(weeklyHoursErrors([day(2, '09:00', '18:00'), day(2, '10:00', '11:00'), day(2, '12:00', '13:00')], 30)).toEqual([
      expect.objectContaining({ field: 'weeklyHours[1]', message: expect.stringContaining('overlaps weeklyHours[0]') }),
      expect.objectContaining({ field: 'weeklyHours[2]', message: expect.stringContaining('overlaps weeklyHours[0]') }),
    ]);
  });

  it('lets intervals touch, and the same hours on different weekdays', () => {
    expect(fieldsOf([day(1, '09:00', '12:00'), day(1, '12:00', '14:00')])).toEqual([]);
    expect(fieldsOf([day(1, '09:00', '12:00'), day(2, '09:00', '12:00')])).toEqual([]);
  });

  it('refuses an empty list', () => {
    expect(weeklyHoursErrors([], 30)).toEqual([{ field: 'weeklyHours', message: 'at least one interval is required' }]);
  });

  it('lists every fault in one answer', () => {
    expect(
      fieldsOf([day(1, '09:00', '12:00'), day(0, '10:00', '11:00'), day(2, '10:00', '09:00'), day(1, '11:00', '13:00')]),
    ).toEqual(['weeklyHours[1].weekday', 'weeklyHours[2].end', 'weeklyHours[3]']);
  });
});

describe('schedulesOverlap', () => {
  it('is false when the date ranges are disjoint, however the hours meet', () => {
    const a = schedule({ effectiveFrom: '2027-01-01', effectiveTo: '2027-03-31' });
    const b = schedule({ id: 's2', departmentId: 'd2', effectiveFrom: '2027-04-01', effectiveTo: null });
    expect(schedulesOverlap(a, b)).toBe(false);
    expect(schedulesOverlap(b, a)).toBe(false);
  });

  it('counts the last date as in force: ranges sharing one date overlap', () => {
    const a = schedule({ effectiveFrom: '2027-01-01', effectiveTo: '2027-04-01' });
    const b = schedule({ id: 's2', effectiveFrom: '2027-04-01', effectiveTo: '2027-04-30' });
    expect(schedulesOverlap(a, b)).toBe(true);
    expect(schedulesOverlap(b, a)).toBe(true);
  });

  it('treats an open end as for ever', () => {
    const a = schedule({ effectiveFrom: '2027-01-01', effectiveTo: null });
    const b = schedule({ id: 's2', effectiveFrom: '2099-06-01', effectiveTo: null });
    expect(schedulesOverlap(a, b)).toBe(true);
    expect(schedulesOverlap(b, a)).toBe(true);
    expect(schedulesOverlap(a, schedule({ id: 's3', effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31' }))).toBe(false);
  });

  it('is false on different weekdays with the same hours', () => {
    const a = schedule({ weeklyHours: [day(1, '09:00', '18:00'), day(3, '09:00', '18:00')] });
    const b = schedule({ id: 's2', weeklyHours: [day(2, '09:00', '18:00'), day(4, '09:00', '18:00')] });
    expect(schedulesOverlap(a, b)).toBe(false);
  });

  it('is false when intervals only touch', () => {
    const a = schedule({ weeklyHours: [day(1, '09:00', '12:00')] });
    const b = schedule({ id: 's2', departmentId: 'd2', weeklyHours: [day(1, '12:00', '18:00')] });
    expect(schedulesOverlap(a, b)).toBe(false);
    expect(schedulesOverlap(b, a)).toBe(false);
  });

  it('is true when any interval overlaps one on the same weekday, in any department', () => {
    const a = schedule({ weeklyHours: [day(1, '09:00', '12:00'), day(2, '09:00', '12:00')] });
    const b = schedule({ id: 's2', departmentId: 'd2', weeklyHours: [day(1, '13:00', '15:00'), day(2, '11:59', '13:00')] });
    expect(schedulesOverlap(a, b)).toBe(true);
    expect(schedulesOverlap(b, a)).toBe(true);
    const inside = schedule({ id: 's3', weeklyHours: [day(1, '10:00', '10:30')] });
    expect(schedulesOverlap(a, inside)).toBe(true);
  });
});

describe('inForceOn', () => {
  it('holds from the first date to the last, both included', () => {
    const bounded = { effectiveFrom: '2027-03-10', effectiveTo: '2027-03-12' };
    expect(inForceOn(bounded, '2027-03-09')).toBe(false);
    expect(inForceOn(bounded, '2027-03-10')).toBe(true);
    expect(inForceOn(bounded, '2027-03-11')).toBe(true);
    expect(inForceOn(bounded, '2027-03-12')).toBe(true);
    expect(inForceOn(bounded, '2027-03-13')).toBe(false);
  });

  it('holds for ever from the first date when there is no last date', () => {
    const open = { effectiveFrom: '2027-03-10', effectiveTo: null };
    expect(inForceOn(open, '2027-03-09')).toBe(false);
    expect(inForceOn(open, '2027-03-10')).toBe(true);
    expect(inForceOn(open, '2099-12-31')).toBe(true);
  });

  it('holds on the one date of a single-day schedule', () => {
    const single = { effectiveFrom: '2027-10-31', effectiveTo: '2027-10-31' };
    expect(inForceOn(single, '2027-10-30')).toBe(false);
    expect(inForceOn(single, '2027-10-31')).toBe(true);
    expect(inForceOn(single, '2027-11-01')).toBe(false);
  });
});
