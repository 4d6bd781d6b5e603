import { describe, expect, it } from '@jest/globals';
import { rateLimitHeaders } from './rate-limit-headers.js';

describe('rateLimitHeaders', () => {
  it('advertises the limit, what is left and the seconds until the window resets, rounded up', () => {
    expect(rateLimitHeaders(5, { allowed: true, remaining: 3, resetMs: 41_001 })).toEqual({
      'RateLimit-Limit': 5,
      'RateLimit-Remaining': 3,
      'RateLimit-Reset': 42,
    });
  });

  it('adds Retry-After, the seconds until the block ends, when the request is refused', () => {
    expect(rateLimitHeaders(5, { allowed: false, remaining: 0, resetMs: 29_400 })).toEqual({
      'RateLimit-Limit': 5,
      'RateLimit-Remaining': 0,
      'RateLimit-Reset': 30,
      'Retry-After': 30,
    });
  });

  it('never tells a refused client to retry after 0 seconds', () => {
    expect(rateLimitHeaders(5, { allowed: false, remaining: 0, resetMs: 0 })['Retry-After']).toBe(1);
  });
});
