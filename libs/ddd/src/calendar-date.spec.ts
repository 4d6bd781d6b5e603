import { describe, expect, it } from '@jest/globals';
import { dateInTimeZone, isCalendarDate, startOfDateInTimeZone } from './calendar-date.js';

describe('calendar dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-1-05', false],
    ['20260105', false],
    ['2026-13-01', false],
  ])('%s is a calendar date: %s', (value, expected) => expect(isCalendarDate(value)).toBe(expected));

  it('names the day on the wall clocks of a time zone, across the date line and the year', () => {
    const instant = new Date('2026-12-31T23:30:00Z');
    expect(dateInTimeZone(instant, 'UTC')).toBe('2026-12-31');
    expect(dateInTimeZone(instant, 'Pacific/Kiritimati')).toBe('2027-01-01');
    expect(dateInTimeZone(instant, 'America/Los_Angeles')).toBe('2026-12-31');
    expect(dateInTimeZone(new Date('2027-01-01T05:00:00Z'), 'America/New_York')).toBe('2027-01-01');
    expect(dateInTimeZone(new Date('2027-01-01T04:59:00Z'), 'America/New_York')).toBe('2026-12-31');
  });

  it.each([
    ['2026-07-01', 'Europe/Lisbon', '2026-06-30T23:00:00.000Z'],
    ['2026-12-31', 'Pacific/Kiritimati', '2026-12-30T10:00:00.000Z'],
    ['2026-12-31', 'UTC', '2026-12-31T00:00:00.000Z'],
    // Daylight saving starts at 01:00 and ends at 02:00 in Lisbon: midnight is there on both days.
    ['2026-03-29', 'Europe/Lisbon', '2026-03-29T00:00:00.000Z'],
    ['2026-10-25', 'Europe/Lisbon', '2026-10-24T23:00:00.000Z'],
    // Santiago and Havana skip midnight (00:00 -> 01:00): the day begins when the clocks jump, as PostgreSQL reads it.
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z'],
    ['2026-03-08', 'America/Havana', '2026-03-08T05:00:00.000Z'],
    // Havana goes back from 01:00 to 00:00: the day begins at the first of its two midnights.
    ['2026-11-01', 'America/Havana', '2026-11-01T04:00:00.000Z'],
  ])('%s begins in %s at %s', (date, zone, instant) => {
    const start = startOfDateInTimeZone(date, zone);
    expect(start.toISOString()).toBe(instant);
    expect(dateInTimeZone(start, zone)).toBe(date);
    expect(dateInTimeZone(new Date(start.getTime() - 1000), zone)).not.toBe(date);
  });

  it('refuses a text that is no calendar date', () => {
    expect(() => startOfDateInTimeZone('2026-02-30', 'UTC')).toThrow(RangeError);
  });
});
