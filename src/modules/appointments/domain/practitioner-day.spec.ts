import { describe, expect, it } from '@jest/globals';
import { DAY_LIST_STATUSES, isCalendarDate } from './practitioner-day.js';

describe('a practitioner’s day', () => {
  it('lists every status but cancelled and entered-in-error', () => {
    expect([...DAY_LIST_STATUSES].sort()).toEqual(
      ['arrived', 'booked', 'checked-in', 'fulfilled', 'noshow', 'pending', 'proposed', 'waitlist'].sort(),
    );
  });

  it('names a day by a real calendar date', () => {
    for (const date of ['2027-03-28', '2027-10-31', '2028-02-29', '2027-12-31']) expect(isCalendarDate(date)).toBe(true);
    for (const date of ['2027-02-29', '2027-02-30', '2027-02-32', '2027-13-01', '2027-3-28', '2027-03-28T00:00', '']) {
      expect(isCalendarDate(date)).toBe(false);
    }
  });
});
