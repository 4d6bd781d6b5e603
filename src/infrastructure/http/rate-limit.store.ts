import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { InsuranceRateLimiter } from './insurance-rate-limiter.js';
import type { RateLimitResult, RateLimitRule } from './rate-limit-rule.js';
import { type RateLimitCount, RateLimitTally, resultOf } from './rate-limit-tally.js';

/**
 * Rate-limit counters in Redis (rate-limiter-flexible), so a limit holds across every API
 * replica: a fixed window per key from its first request; the request over the limit blocks
 * the key for the block duration, and a fresh window starts when the block ends.
 * If Redis cannot answer, the same rule is counted in this process's memory, so a cache
 * outage neither locks staff out nor lifts the limit (it becomes per replica).
 * A rule with a local share is counted here first and sent to Redis in batches (RateLimitTally).
 */
export class RateLimitStore {
  private readonly logger = new Logger(RateLimitStore.name);
  private readonly limiters = new Map<string, RateLimiterRedis>();
  private readonly tally: RateLimitTally;
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    { flushIntervalMs = 100 }: { readonly flushIntervalMs?: number } = {},
  ) {
    this.tally = new RateLimitTally((bucket, key, rule, points) => this.consume(bucket, key, rule, points), flushIntervalMs);
  }

  async hit(bucket: string, key: string, rule: RateLimitRule): Promise<RateLimitResult> {
    if (rule.localShare) return this.tally.hit(bucket, key, rule);
    return resultOf(rule.limit, await this.consume(bucket, key, rule, 1));
  }

  /** Sends the hits counted here to Redis and stops counting in batches. */
  close(): Promise<void> {
    return this.tally.close();
  }

  private async consume(bucket: string, key: string, rule: RateLimitRule, points: number): Promise<RateLimitCount> {
    try {
      const res = await this.limiterFor(bucket, rule).consume(key, points);
      return { allowed: true, consumed: res.consumedPoints, msBeforeNext: res.msBeforeNext };
    } catch (refusal) {
      // The library refuses with a RateLimiterRes; anything else is a fault of ours, not a limit.
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      // A refusal racing the library's block (a separate command after its count) reads the window's expiry;
      // the block about to be set ends sooner.
      const msBeforeNext = Math.min(refusal.msBeforeNext, rule.blockSeconds * 1000);
      return { allowed: false, consumed: refusal.consumedPoints, msBeforeNext };
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
