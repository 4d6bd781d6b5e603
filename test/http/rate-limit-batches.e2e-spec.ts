import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { TcpProxy, waitFor } from '@hms/testing';
import { Redis } from 'ioredis';
import { rateLimitHeaders } from '../../src/infrastructure/http/rate-limit-headers.js';
import type { RateLimitResult, RateLimitRule } from '../../src/infrastructure/http/rate-limit-rule.js';
import { RateLimitStore } from '../../src/infrastructure/http/rate-limit.store.js';
import { REDIS_URL, uniqueSuffix } from '../support/test-env.js';

/**
 * The default bucket's batches (ADR 28) against real Redis: stores built as the guard builds them,
 * each on its own connection, as two replicas are.
 */
const LIMIT = 200;
const SHARE = 10;
const BLOCK_SECONDS = 30;
const rule: RateLimitRule = { limit: LIMIT, windowSeconds: 60, blockSeconds: BLOCK_SECONDS, localShare: SHARE };
const ADDRESS = '10.0.0.7';

const opened: { redis: Redis; store: RateLimitStore }[] = [];

/** A connection as the app's (no offline queue), ready unless Redis is meant to be unreachable. */
async function connected(url = REDIS_URL): Promise<Redis> {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2_000 });
  redis.on('error', () => undefined);
  if (url === REDIS_URL) await waitFor(() => redis.status === 'ready', 'Redis to be ready');
  return redis;
}

/** A replica's store on a connection of its own, ready before it counts (until then it counts in memory). */
async function replica(prefix: string, url = REDIS_URL): Promise<RateLimitStore> {
  const redis = await connected(url);
  const store = new RateLimitStore(redis, prefix);
  opened.push({ redis, store });
  return store;
}

const keyOf = (prefix: string) => `${prefix}:rate-limit:default:${ADDRESS}`;
const freshPrefix = () => `hms-test-rlb-${uniqueSuffix()}`;

/** The rate-limit scripts Redis ran for a key while `body` ran, seen through MONITOR. */
async function scriptsRunFor(key: string, body: () => Promise<void>): Promise<number> {
  const watcher = await connected();
  const monitor = await watcher.monitor();
  let count = 0;
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (/^eval/i.test(args[0] ?? '') && args.includes(key)) count += 1;
  });
  try {
    await body();
    // MONITOR reports a command after it ran; give the last ones time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return count;
  } finally {
    monitor.disconnect();
    watcher.disconnect();
  }
}

async function redisCount(key: string): Promise<number> {
  const redis = await connected();
  try {
    return Number(await redis.get(key));
  } finally {
    redis.disconnect();
  }
}

afterEach(async () => {
  for (const { redis, store } of opened.splice(0)) {
    await store.close();
    redis.disconnect();
  }
});

describe('rate limiting in batches (ADR 28)', () => {
  it('holds the limit exactly in one process, with exact RateLimit-Remaining, and asks Redis far less than once a request', async () => {
    const prefix = freshPrefix();
    const store = await replica(prefix);
    const results: RateLimitResult[] = [];
    const scripts = await scriptsRunFor(keyOf(prefix), async () => {
      for (let i = 0; i < LIMIT + 50; i++) results.push(await store.hit('default', ADDRESS, rule));
    });

    expect(results.filter((r) => r.allowed)).toHaveLength(LIMIT);
    expect(results.slice(0, LIMIT).every((r) => r.allowed)).toBe(true);
    expect(results.slice(0, LIMIT).map((r) => r.remaining)).toEqual(Array.from({ length: LIMIT }, (_, i) => LIMIT - 1 - i));
    // Per share of hits: its batch, and at most one hit that asks Redis while the batch is on its way. Not one per hit.
    expect(scripts).toBeGreaterThan(0);
    expect(scripts).toBeLessThanOrEqual((2 * LIMIT) / SHARE + 5);

    // The request over the limit is refused for the block duration; those after it wait for the same end.
    const refused = results[LIMIT];
    expect(refused.allowed).toBe(false);
    expect(refused.resetMs).toBeGreaterThan((BLOCK_SECONDS - 1) * 1000);
    expect(refused.resetMs).toBeLessThanOrEqual(BLOCK_SECONDS * 1000);
    expect(rateLimitHeaders(LIMIT, refused)['Retry-After']).toBe(BLOCK_SECONDS);
    const last = results[results.length - 1];
    expect(last.allowed).toBe(false);
    expect(last.resetMs).toBeLessThanOrEqual(refused.resetMs);
    expect(rateLimitHeaders(LIMIT, last)['Retry-After']).toBeGreaterThanOrEqual(BLOCK_SECONDS - 1);

    // Every admitted hit reached Redis: the key holds them, and the one refused hit that asked it.
    expect(await redisCount(keyOf(prefix))).toBe(LIMIT + 1);
  });

  it('two replicas on their own connections together admit at most the limit plus one share each', async () => {
    const prefix = freshPrefix();
    const [first, second] = [await replica(prefix), await replica(prefix)];
    let allowed = 0;
    const flood = async (store: RateLimitStore) => {
      for (let round = 0; round < 30; round++) {
        const results = await Promise.all(Array.from({ length: 20 }, () => store.hit('default', ADDRESS, rule)));
        allowed += results.filter((r) => r.allowed).length;
      }
    };
    await Promise.all([flood(first), flood(second)]);

    // 1,200 hits: the limit is reached, and overshot by no more than each replica's unsent share.
    expect(allowed).toBeGreaterThanOrEqual(LIMIT);
    expect(allowed).toBeLessThanOrEqual(LIMIT + 2 * SHARE);
    // The block is shared: both replicas refuse, for as long as Redis holds it.
    for (const store of [first, second]) {
      const next = await store.hit('default', ADDRESS, rule);
      expect(next.allowed).toBe(false);
      expect(rateLimitHeaders(LIMIT, next)['Retry-After']).toBeGreaterThanOrEqual(BLOCK_SECONDS - 1);
      expect(rateLimitHeaders(LIMIT, next)['Retry-After']).toBeLessThanOrEqual(BLOCK_SECONDS);
    }
  });

  it('lets a key through with a fresh window once Retry-After has passed', async () => {
    const short = { ...rule, limit: 40, localShare: 2, blockSeconds: 1 };
    const store = await replica(freshPrefix());
    for (let i = 0; i < short.limit; i++) expect((await store.hit('default', ADDRESS, short)).allowed).toBe(true);
    const refused = await store.hit('default', ADDRESS, short);
    expect(refused.allowed).toBe(false);
    expect(rateLimitHeaders(short.limit, refused)['Retry-After']).toBe(1);

    // A timer counts from the event loop's cached clock, so it can fire a few ms before resetMs has passed by Date.now().
    await new Promise((resolve) => setTimeout(resolve, refused.resetMs + 25));
    const again = await store.hit('default', ADDRESS, short);
    expect(again).toMatchObject({ allowed: true, remaining: short.limit - 1 });
  });

  it('sends the hits it holds when it closes, so a replica that stops leaves its count behind', async () => {
    const prefix = freshPrefix();
    const redis = await connected();
    // A flush interval longer than the test: only close() can have sent the held hits.
    const store = new RateLimitStore(redis, prefix, { flushIntervalMs: 60_000 });
    try {
      for (let i = 0; i < 5; i++) expect((await store.hit('default', ADDRESS, rule)).allowed).toBe(true);
      expect(await redisCount(keyOf(prefix))).toBe(1);
      await store.close();
      expect(await redisCount(keyOf(prefix))).toBe(5);
    } finally {
      redis.disconnect();
    }
  });

  it('keeps the limit in this process while Redis is unreachable', async () => {
    const target = new URL(REDIS_URL);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await proxy.start();
      await proxy.stop(); // a known port that now refuses connections
      const store = await replica(freshPrefix(), `redis://127.0.0.1:${proxy.port}`);
      const results: RateLimitResult[] = [];
      for (let i = 0; i < LIMIT + 5; i++) results.push(await store.hit('default', ADDRESS, rule));
      expect(results.filter((r) => r.allowed)).toHaveLength(LIMIT);
      expect(results[LIMIT - 1]).toMatchObject({ allowed: true, remaining: 0 });
      expect(results[LIMIT]).toEqual({ allowed: false, remaining: 0, resetMs: BLOCK_SECONDS * 1000 });
      expect(rateLimitHeaders(LIMIT, results[LIMIT])['Retry-After']).toBe(BLOCK_SECONDS);
    } finally {
      warn.mockRestore();
      await proxy.stop();
    }
  });
});
