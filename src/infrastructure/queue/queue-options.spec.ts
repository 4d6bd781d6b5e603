import { describe, expect, it } from '@jest/globals';
import { cappedExponentialBackoff } from './queue-options.js';

describe('cappedExponentialBackoff', () => {
  it('doubles from half a second and stops at one minute', () => {
    expect([1, 2, 3, 4].map(cappedExponentialBackoff)).toEqual([500, 1000, 2000, 4000]);
    expect(cappedExponentialBackoff(8)).toBe(60_000);
    expect(cappedExponentialBackoff(40)).toBe(60_000);
  });
});
