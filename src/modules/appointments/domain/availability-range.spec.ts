import { describe, expect, it } from '@jest/globals';
import { availabilityRangeErrors, MAX_AVAILABILITY_DAYS } from './availability-range.js';

const at = (iso: string) => new Date(iso);

describe('availabilityRangeErrors', () => {
  it('accepts a range from an instant to a later one, up to 31 days long', () => {
    expect(availabilityRangeErrors(at('2027-03-01T00:00:00Z'), at('2027-03-01T00:30:00Z'))).toEqual([]);
    expect(availabilityRangeErrors(at('2027-03-01T00:00:00Z'), at('2027-04-01T00:00:00Z'))).toEqual([]);
  });

  it('refuses an empty or backwards range, naming to', () => {
    const same = at('2027-03-01T09:00:00Z');
    expect(availabilityRangeErrors(same, same)).toEqual([{ field: 'to', message: 'to must be after from' }]);
    expect(availabilityRangeErrors(at('2027-03-02T00:00:00Z'), at('2027-03-01T00:00:00Z'))).toEqual([
      { field: 'to', message: 'to must be after from' },
    ]);
  });

  it('refuses a range a millisecond longer than 31 days', () => {
    const from = at('2027-03-01T00:00:00Z');
    const to = new Date(from.getTime() + MAX_AVAILABILITY_DAYS * 86_400_000 + 1);
    expect(availabilityRangeErrors(from, to)).toEqual([{ field: 'to', message: 'to must be at most 31 days after from' }]);
  });
});
