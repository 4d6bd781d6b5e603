import { describe, expect, it } from '@jest/globals';
import { addDays, clockOf, instantAt, isoInZone, localTimeOf, minutesOfClock, offsetMinutesAt, weekdayOf } from './wall-clock.js';

const LISBON = 'Europe/Lisbon';
const KOLKATA = 'Asia/Kolkata';
const at = (iso: string) => new Date(iso);
const hm = (h: number, m = 0) => h * 60 + m;

describe('offsetMinutesAt', () => {
  it('follows Lisbon across both 2027 daylight-saving changes, at the minute they happen', () => {
    expect(offsetMinutesAt(at('2027-01-15T12:00:00Z'), LISBON)).toBe(0);
    expect(offsetMinutesAt(at('2027-07-15T12:00:00Z'), LISBON)).toBe(60);
    // Spring: 01:00 UTC on the last Sunday of March, clocks 01:00 -> 02:00.
    expect(offsetMinutesAt(at('2027-03-28T00:59:59Z'), LISBON)).toBe(0);
    expect(offsetMinutesAt(at('2027-03-28T01:00:00Z'), LISBON)).toBe(60);
    // Autumn: 01:00 UTC on the last Sunday of October, clocks 02:00 -> 01:00.
    expect(offsetMinutesAt(at('2027-10-31T00:59:59Z'), LISBON)).toBe(60);
    expect(offsetMinutesAt(at('2027-10-31T01:00:00Z'), LISBON)).toBe(0);
  });

  it('is +330 all year in Kolkata, 0 in UTC, and negative west of Greenwich', () => {
    for (const iso of ['2027-01-15T12:00:00Z', '2027-03-28T01:00:00Z', '2027-07-15T23:59:00Z', '2027-10-31T01:00:00Z']) {
      expect(offsetMinutesAt(at(iso), KOLKATA)).toBe(330);
      expect(offsetMinutesAt(at(iso), 'UTC')).toBe(0);
    }
    expect(offsetMinutesAt(at('2027-01-15T12:00:00Z'), 'America/New_York')).toBe(-300);
  });

  it('ignores seconds and milliseconds of the instant', () => {
    expect(offsetMinutesAt(at('2027-07-15T12:00:59.999Z'), LISBON)).toBe(60);
    expect(offsetMinutesAt(at('2027-07-15T12:00:59.999Z'), KOLKATA)).toBe(330);
  });
});

describe('localTimeOf', () => {
  it('reads the Lisbon clock either side of the spring change: 00:59 is followed by 02:00', () => {
    expect(localTimeOf(at('2027-03-28T00:59:00Z'), LISBON)).toEqual({ date: '2027-03-28', minutes: hm(0, 59), weekday: 7 });
    expect(localTimeOf(at('2027-03-28T01:00:00Z'), LISBON)).toEqual({ date: '2027-03-28', minutes: hm(2), weekday: 7 });
    expect(localTimeOf(at('2027-03-28T08:00:00Z'), LISBON)).toEqual({ date: '2027-03-28', minutes: hm(9), weekday: 7 });
  });

  it('reads 01:30 twice on the Lisbon clock in October, an hour apart in UTC', () => {
    expect(localTimeOf(at('2027-10-31T00:30:00Z'), LISBON)).toEqual({ date: '2027-10-31', minutes: hm(1, 30), weekday: 7 });
    expect(localTimeOf(at('2027-10-31T01:30:00Z'), LISBON)).toEqual({ date: '2027-10-31', minutes: hm(1, 30), weekday: 7 });
    expect(localTimeOf(at('2027-10-31T09:00:00Z'), LISBON)).toEqual({ date: '2027-10-31', minutes: hm(9), weekday: 7 });
  });

  it('moves to the next local date when the zone is ahead of UTC, with that date’s weekday', () => {
    // Lisbon summer: 23:30Z on Saturday is 00:30 on Sunday.
    expect(localTimeOf(at('2027-07-31T23:30:00Z'), LISBON)).toEqual({ date: '2027-08-01', minutes: hm(0, 30), weekday: 7 });
    // Kolkata: 18:30Z on Sunday is midnight on Monday, read as minute 0 (not 24:00).
    expect(localTimeOf(at('2027-03-28T18:30:00Z'), KOLKATA)).toEqual({ date: '2027-03-29', minutes: 0, weekday: 1 });
    expect(localTimeOf(at('2027-03-28T03:30:00Z'), KOLKATA)).toEqual({ date: '2027-03-28', minutes: hm(9), weekday: 7 });
  });

  it('is the UTC clock in UTC', () => {
    expect(localTimeOf(at('2027-03-28T00:00:00Z'), 'UTC')).toEqual({ date: '2027-03-28', minutes: 0, weekday: 7 });
    expect(localTimeOf(at('2027-12-31T23:59:00Z'), 'UTC')).toEqual({ date: '2027-12-31', minutes: hm(23, 59), weekday: 5 });
  });
});

describe('isoInZone', () => {
  it('writes Lisbon instants with the offset in force at each', () => {
    expect(isoInZone(at('2027-01-15T09:00:00Z'), LISBON)).toBe('2027-01-15T09:00:00+00:00');
    expect(isoInZone(at('2027-03-28T08:00:00Z'), LISBON)).toBe('2027-03-28T09:00:00+01:00');
    expect(isoInZone(at('2027-03-28T00:59:00Z'), LISBON)).toBe('2027-03-28T00:59:00+00:00');
    expect(isoInZone(at('2027-03-28T01:00:00Z'), LISBON)).toBe('2027-03-28T02:00:00+01:00');
    // The repeated 01:30 of October is told apart by its offset.
    expect(isoInZone(at('2027-10-31T00:30:00Z'), LISBON)).toBe('2027-10-31T01:30:00+01:00');
    expect(isoInZone(at('2027-10-31T01:30:00Z'), LISBON)).toBe('2027-10-31T01:30:00+00:00');
  });

  it('writes half-hour, zero and negative offsets', () => {
    expect(isoInZone(at('2027-03-28T03:30:00Z'), KOLKATA)).toBe('2027-03-28T09:00:00+05:30');
    expect(isoInZone(at('2027-03-28T20:00:00Z'), KOLKATA)).toBe('2027-03-29T01:30:00+05:30');
    expect(isoInZone(at('2027-03-28T09:00:00Z'), 'UTC')).toBe('2027-03-28T09:00:00+00:00');
    expect(isoInZone(at('2027-01-15T03:00:00Z'), 'America/New_York')).toBe('2027-01-14T22:00:00-05:00');
  });

  it('names the same instant as the input', () => {
    for (const iso of ['2027-03-28T00:59:00Z', '2027-03-28T01:00:00Z', '2027-10-31T00:30:00Z', '2027-10-31T01:30:00Z']) {
      for (const zone of [LISBON, KOLKATA, 'UTC', 'America/New_York']) {
        expect(new Date(isoInZone(at(iso), zone)).getTime()).toBe(at(iso).getTime());
      }
    }
  });
});

describe('instantAt', () => {
  it('puts 09:00 Lisbon at 09:00Z in winter and 08:00Z in summer, on and around both change days', () => {
    expect(instantAt('2027-01-15', hm(9), LISBON)).toEqual(at('2027-01-15T09:00:00Z'));
    expect(instantAt('2027-03-27', hm(9), LISBON)).toEqual(at('2027-03-27T09:00:00Z'));
    expect(instantAt('2027-03-28', hm(9), LISBON)).toEqual(at('2027-03-28T08:00:00Z'));
    expect(instantAt('2027-07-15', hm(9), LISBON)).toEqual(at('2027-07-15T08:00:00Z'));
    expect(instantAt('2027-10-30', hm(9), LISBON)).toEqual(at('2027-10-30T08:00:00Z'));
    expect(instantAt('2027-10-31', hm(9), LISBON)).toEqual(at('2027-10-31T09:00:00Z'));
  });

  it('answers undefined for wall-clock times the spring change skips, and the instants either side of the gap', () => {
    expect(instantAt('2027-03-28', hm(0, 59), LISBON)).toEqual(at('2027-03-28T00:59:00Z'));
    for (const minutes of [hm(1), hm(1, 1), hm(1, 30), hm(1, 59)]) {
      expect(instantAt('2027-03-28', minutes, LISBON)).toBeUndefined();
    }
    expect(instantAt('2027-03-28', hm(2), LISBON)).toEqual(at('2027-03-28T01:00:00Z'));
  });

  it('answers the first occurrence of a wall-clock time the autumn change repeats', () => {
    expect(instantAt('2027-10-31', hm(0, 59), LISBON)).toEqual(at('2027-10-30T23:59:00Z'));
    expect(instantAt('2027-10-31', hm(1), LISBON)).toEqual(at('2027-10-31T00:00:00Z'));
    expect(instantAt('2027-10-31', hm(1, 30), LISBON)).toEqual(at('2027-10-31T00:30:00Z'));
    expect(instantAt('2027-10-31', hm(1, 59), LISBON)).toEqual(at('2027-10-31T00:59:00Z'));
    expect(instantAt('2027-10-31', hm(2), LISBON)).toEqual(at('2027-10-31T02:00:00Z'));
  });

  it('takes minute 0 as the local midnight and 1440 as the next one, however long the day', () => {
    // The spring day lasts 23 hours, the autumn day 25.
    expect(instantAt('2027-03-28', 0, LISBON)).toEqual(at('2027-03-28T00:00:00Z'));
    expect(instantAt('2027-03-28', 24 * 60, LISBON)).toEqual(at('2027-03-28T23:00:00Z'));
    expect(instantAt('2027-10-31', 0, LISBON)).toEqual(at('2027-10-30T23:00:00Z'));
    expect(instantAt('2027-10-31', 24 * 60, LISBON)).toEqual(at('2027-11-01T00:00:00Z'));
    expect(instantAt('2027-03-28', 24 * 60, KOLKATA)).toEqual(at('2027-03-28T18:30:00Z'));
    expect(instantAt('2027-12-31', 24 * 60, 'UTC')).toEqual(at('2028-01-01T00:00:00Z'));
  });

  it('puts 09:00 Kolkata at 03:30Z and its midnight on the previous UTC date', () => {
    expect(instantAt('2027-03-28', hm(9), KOLKATA)).toEqual(at('2027-03-28T03:30:00Z'));
    expect(instantAt('2027-10-31', hm(9), KOLKATA)).toEqual(at('2027-10-31T03:30:00Z'));
    expect(instantAt('2027-03-28', 0, KOLKATA)).toEqual(at('2027-03-27T18:30:00Z'));
    expect(instantAt('2027-03-28', hm(23, 59), KOLKATA)).toEqual(at('2027-03-28T18:29:00Z'));
  });

  it('is the identity on the UTC clock', () => {
    expect(instantAt('2027-03-28', hm(1, 30), 'UTC')).toEqual(at('2027-03-28T01:30:00Z'));
    expect(instantAt('2027-10-31', hm(1, 30), 'UTC')).toEqual(at('2027-10-31T01:30:00Z'));
  });

  it('round-trips with localTimeOf at every quarter hour of both Lisbon change days', () => {
    for (const date of ['2027-03-28', '2027-10-31']) {
      const skipped: number[] = [];
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const instant = instantAt(date, minutes, LISBON);
        if (!instant) {
          skipped.push(minutes);
          continue;
        }
        expect(localTimeOf(instant, LISBON)).toEqual({ date, minutes, weekday: 7 });
      }
      expect(skipped).toEqual(date === '2027-03-28' ? [hm(1), hm(1, 15), hm(1, 30), hm(1, 45)] : []);
    }
  });
});

describe('minutesOfClock and clockOf', () => {
  it.each([
    ['00:00', 0],
    ['00:01', 1],
    ['09:00', 540],
    ['12:59', 779],
    ['19:30', 1170],
    ['23:59', 1439],
    ['24:00', 1440],
  ])('reads %s as minute %d', (value, minutes) => {
    expect(minutesOfClock(value)).toBe(minutes);
    expect(clockOf(minutes)).toBe(value);
  });

  it.each([
    '24:01',
    '24:30',
    '25:00',
    '9:00',
    '09:0',
    '12:60',
    '12:99',
    'ab',
    'ab:cd',
    '',
    ' 09:00',
    '09:00 ',
    '09:00:00',
    '0900',
    '-1:00',
  ])('refuses %j', (value) => {
    expect(minutesOfClock(value)).toBeUndefined();
  });
});

describe('weekdayOf and addDays', () => {
  it('numbers weekdays the ISO way, Monday 1 to Sunday 7', () => {
    expect(weekdayOf('2027-03-22')).toBe(1);
    expect(weekdayOf('2027-03-23')).toBe(2);
    expect(weekdayOf('2027-03-24')).toBe(3);
    expect(weekdayOf('2027-03-25')).toBe(4);
    expect(weekdayOf('2027-03-26')).toBe(5);
    expect(weekdayOf('2027-03-27')).toBe(6);
    expect(weekdayOf('2027-03-28')).toBe(7);
    expect(weekdayOf('2027-10-31')).toBe(7);
    expect(weekdayOf('2028-02-29')).toBe(2);
  });

  it('adds calendar days across months, years, leap days and daylight-saving changes', () => {
    expect(addDays('2027-03-27', 1)).toBe('2027-03-28');
    expect(addDays('2027-03-28', 1)).toBe('2027-03-29');
    expect(addDays('2027-10-31', 1)).toBe('2027-11-01');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2027-03-28', 0)).toBe('2027-03-28');
    expect(addDays('2027-01-01', 365)).toBe('2028-01-01');
  });
});
