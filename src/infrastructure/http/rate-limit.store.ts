import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/** Fixed window per key; once over the limit the key is blocked for the block duration. Atomic in Redis. */
const HIT_SCRIPT = `
local hits_key, block_key = KEYS[1], KEYS[2]
local window, limit, block = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local blocked_for = redis.call('PTTL', block_key)
if blocked_for > 0 then
  return {limit + 1, blocked_for, 1}
end
local hits = redis.call('INCR', hits_key)
if hits == 1 then redis.call('PEXPIRE', hits_key, window) end
local resets_in = redis.call('PTTL', hits_key)
if hits > limit then
  -- A fresh window starts when the block ends, so a client that obeys Retry-After gets through.
  redis.call('DEL', hits_key)
  redis.call('SET', block_key, '1', 'PX', block)
  return {hits, block, 1}
end
return {hits, resets_in, 0}
`;

export interface RateLimitRule {
  /** Requests allowed per window. */
  readonly limit: number;
  readonly windowMs: number;
  /** How long a key stays blocked once it went over the limit. */
  readonly blockMs: number;
}

export interface RateLimitResult {
  readonly allowed: boolean;
  readonly hits: number;
  /** Milliseconds until the window resets or, when blocked, until the block ends. */
  readonly resetMs: number;
  /** False when Redis did not answer and the request was let through uncounted. */
  readonly counted: boolean;
}

/**
 * Rate-limit counters in Redis, so a limit holds across every API replica.
 * If Redis cannot answer, requests are let through (and a warning logged):
 * a hospital keeps working through a cache outage rather than locking staff out.
 */
export class RateLimitStore {
  private readonly logger = new Logger(RateLimitStore.name);
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async hit(bucket: string, key: string, rule: RateLimitRule): Promise<RateLimitResult> {
    const base = `${this.prefix}:rate-limit:${bucket}:${key}`;
    try {
      const [hits, resetMs, blocked] = (await this.redis.eval(
        HIT_SCRIPT,
        2,
        `${base}:hits`,
        `${base}:block`,
        rule.windowMs,
        rule.limit,
        rule.blockMs,
      )) as [number, number, number];
      return { allowed: blocked !== 1, hits, resetMs: Math.max(0, resetMs), counted: true };
    } catch (error) {
      if (Date.now() - this.lastWarning > 10_000) {
        this.lastWarning = Date.now();
        this.logger.warn({ err: error }, 'rate limiter cannot reach Redis; letting requests through');
      }
      return { allowed: true, hits: 0, resetMs: 0, counted: false };
    }
  }
}
