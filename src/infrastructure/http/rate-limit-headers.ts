import type { RateLimitResult } from './rate-limit-rule.js';

/**
 * The headers one limited request answers with (IETF RateLimit draft, seconds rounded up),
 * plus Retry-After, never 0, when it is refused.
 */
export function rateLimitHeaders(limit: number, result: RateLimitResult): Record<string, number> {
  const resetSeconds = Math.ceil(result.resetMs / 1000);
  const headers: Record<string, number> = {
    'RateLimit-Limit': limit,
    'RateLimit-Remaining': result.remaining,
    'RateLimit-Reset': resetSeconds,
  };
  if (!result.allowed) headers['Retry-After'] = Math.max(1, resetSeconds);
  return headers;
}
