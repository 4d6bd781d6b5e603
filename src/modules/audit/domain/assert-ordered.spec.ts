import { describe, expect, it } from '@jest/globals';
import { assertOrdered } from './assert-ordered.js';
import { InvalidRangeError } from './invalid-range.error.js';

describe('assertOrdered', () => {
  it('accepts open ends and equal bounds, and refuses a start after the end', () => {
    expect(() => assertOrdered(undefined, new Date(), ['from', 'to'])).not.toThrow();
    expect(() => assertOrdered(5, 5, ['fromSequence', 'toSequence'])).not.toThrow();
    expect(() => assertOrdered(new Date('2026-02-01'), new Date('2026-01-01'), ['from', 'to'])).toThrow(InvalidRangeError);
    expect(() => assertOrdered(6, 5, ['fromSequence', 'toSequence'])).toThrow('fromSequence must not be after toSequence');
  });
});
