import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimitStore } from './rate-limit.store.js';

/**
 * The store with Redis away: a client that never connects (no I/O), so every request goes to
 * the insurance limiter. The same rule must hold there; the Redis path is covered end to end.
 */
describe('RateLimitStore while Redis is away', () => {
  const redis = new Redis({ lazyConnect: true, enableOfflineQueue: false });
  const rule = { limit: 3, windowSeconds: 60, blockSeconds: 30 };
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  let store: RateLimitStore;

  beforeEach(() => {
    jest.useFakeTimers({ now: Date.UTC(2026, 11, 6, 8, 0, 0) });
    warn.mockClear();
    store = new RateLimitStore(redis, 'hms-unit');
  });
  afterEach(async () => {
    await store.close();
    jest.useRealTimers();
  });
  afterAll(() => {
    warn.mockRestore();
    redis.disconnect();
  });

  it('counts in memory: the limit per window, then a block for the block duration', async () => {
    const remaining: number[] = [];
    for (let i = 0; i < rule.limit; i++) {
      const result = await store.hit('default', '10.0.0.1', rule);
      expect(result.allowed).toBe(true);
      expect(result.resetMs).toBe(60_000);
      remaining.push(result.remaining);
    }
    expect(remaining).toEqual([2, 1, 0]);

    expect(await store.hit('default', '10.0.0.1', rule)).toEqual({ allowed: false, remaining: 0, resetMs: 30_000 });
    jest.advanceTimersByTime(10_000);
    // Still blocked, and waiting is not extended by asking again.
    expect(await store.hit('default', '10.0.0.1', rule)).toEqual({ allowed: false, remaining: 0, resetMs: 20_000 });
  });

  it('starts a fresh window once the block has ended', async () => {
    for (let i = 0; i <= rule.limit; i++) await store.hit('default', '10.0.0.1', rule);
    jest.advanceTimersByTime(30_000);
    expect(await store.hit('default', '10.0.0.1', rule)).toEqual({ allowed: true, remaining: 2, resetMs: 60_000 });
  });

  it('counts each client address and each bucket apart', async () => {
    for (let i = 0; i <= rule.limit; i++) await store.hit('default', '10.0.0.1', rule);
    expect((await store.hit('default', '10.0.0.1', rule)).allowed).toBe(false);
    expect(await store.hit('default', '10.0.0.2', rule)).toMatchObject({ allowed: true, remaining: 2 });
    expect(await store.hit('login', '10.0.0.1', rule)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('holds a rule counted in batches the same way, from the hits this process admitted', async () => {
    const batched = { ...rule, limit: 40, localShare: 2 };
    const results = [];
    for (let i = 0; i <= batched.limit; i++) results.push(await store.hit('default', '10.0.0.1', batched));
    expect(results.slice(0, batched.limit)).toEqual(
      Array.from({ length: batched.limit }, (_, i) => ({ allowed: true, remaining: batched.limit - 1 - i, resetMs: 60_000 })),
    );
    expect(results[batched.limit]).toEqual({ allowed: false, remaining: 0, resetMs: 30_000 });
    jest.advanceTimersByTime(10_000);
    expect(await store.hit('default', '10.0.0.1', batched)).toEqual({ allowed: false, remaining: 0, resetMs: 20_000 });
    jest.advanceTimersByTime(20_000);
    expect(await store.hit('default', '10.0.0.1', batched)).toEqual({ allowed: true, remaining: 39, resetMs: 60_000 });
  });

  it('warns that limits are per replica now, at most every 10 seconds', async () => {
    for (let i = 0; i < 5; i++) await store.hit('default', '10.0.0.1', rule);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/cannot reach Redis.*per replica/);
    jest.advanceTimersByTime(10_001);
    await store.hit('default', '10.0.0.1', rule);
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
