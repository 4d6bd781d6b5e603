import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { InsuranceRateLimiter } from './insurance-rate-limiter.js';

export interface RateLimitRule {
  /** Requests allowed per window. */
  readonly limit: number;
  readonly windowSeconds: number;
  /** How long a key stays blocked once it went over the limit. */
  readonly blockSeconds: number;
}

export interface RateLimitResult {
  readonly allowed: boolean;
  readonly remaining: number;
  /** Milliseconds until the window resets or, when blocked, until the block ends. */
  readonly resetMs: number;
}

/**
 * Rate-limit counters in Redis (rate-limiter-flexible), so a limit holds across every API
 * replica: a fixed window per key from its first request; the request over the limit blocks
 * the key for the block duration, and a fresh window starts when the block ends.
 * If Redis cannot answer, the same rule is counted in this process's memory, so a cache
 * outage neither locks staff out nor lifts the limit (it becomes per replica).
 */
export class RateLimitStore {
  private readonly logger = new Logger(RateLimitStore.name);
  private readonly limiters = new Map<string, RateLimiterRedis>();
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async hit(bucket: string, key: string, rule: RateLimitRule): Promise<RateLimitResult> {
    try {
      const res = await this.limiterFor(bucket, rule).consume(key);
      return { allowed: true, remaining: res.remainingPoints, resetMs: Math.max(0, res.msBeforeNext) };
    } catch (refusal) {
      // The library refuses with a RateLimiterRes; anything else is a fault of ours, not a limit.
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { allowed: false, remaining: 0, resetMs: Math.max(0, refusal.msBeforeNext) };
    }
  }

  private limiterFor(bucket: string, rule: RateLimitRule): RateLimiterRedis {
    const id = `${bucket}:${rule.limit}:${rule.windowSeconds}:${rule.blockSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const options = {
        // Under the queue prefix, as every Redis key of a deployment (and of an e2e test) is.
        keyPrefix: `${this.prefix}:rate-limit:${bucket}`,
        points: rule.limit,
        duration: rule.windowSeconds,
        blockDuration: rule.blockSeconds,
      };
      limiter = new RateLimiterRedis({
        ...options,
        storeClient: this.redis,
        // Straight to the insurance while the client reconnects, instead of a failing command.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new InsuranceRateLimiter(options, () => this.warnOutage()),
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  private warnOutage(): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn("rate limiter cannot reach Redis; counting in this process's memory (limits are per replica)");
  }
}
