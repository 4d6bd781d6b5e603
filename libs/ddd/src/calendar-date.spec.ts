import { describe, expect, it } from '@jest/globals';
import { dateInTimeZone, isCalendarDate } from './calendar-date.js';

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
});
