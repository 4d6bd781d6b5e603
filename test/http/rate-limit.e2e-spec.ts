import { describe, expect, it } from '@jest/globals';
import { TcpProxy, waitFor } from '@hms/testing';
import { Redis } from 'ioredis';
import type { Response } from 'supertest';
import { ProbeModule, PROBE_TABLES } from '../fixtures/probe/probe.module.js';
import { startTestApp, waitForStatus, type TestApp, type TestAppOptions } from '../support/test-app.js';
import { REDIS_URL, uniqueSuffix } from '../support/test-env.js';

const PROBLEM = /^application\/problem\+json/;
const LIMIT = 5;
const BLOCK_SECONDS = 30;

/** Every test counts in Redis under its own prefix, so counters never leak between tests (supertest always comes from 127.0.0.1). */
function limitedEnv(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    APP_ROLE: 'api',
    RATE_LIMIT_MAX: String(LIMIT),
    RATE_LIMIT_WINDOW_SECONDS: '60',
    RATE_LIMIT_BLOCK_SECONDS: String(BLOCK_SECONDS),
    QUEUE_PREFIX: prefix,
    ...extra,
  };
}

const freshPrefix = () => `hms-test-rl-${uniqueSuffix()}`;

/** The limiter's keys under a prefix, read from the shared Redis. */
async function rateLimitKeys(prefix: string): Promise<string[]> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:rate-limit:*`, 'COUNT', 500);
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0');
    return keys;
  } finally {
    redis.disconnect();
  }
}

function expectTooManyRequests(res: Response): void {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(PROBLEM);
  expect(res.body).toMatchObject({ type: 'about:blank', title: 'Too Many Requests', status: 429, instance: '/api/v1/probes' });
  expect(res.body.detail).toMatch(/Retry-After/);
  expect(res.body.correlationId).toBe(res.headers['x-request-id']);
  const retryAfter = res.headers['retry-after'];
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(BLOCK_SECONDS);
}

/**
 * Runs a test with apps it starts, and closes them however it ends: replicas
 * sharing a database before the one that owns (and drops) it.
 */
async function withApps(body: (start: (options: TestAppOptions) => Promise<TestApp>) => Promise<void>): Promise<void> {
  const apps: TestApp[] = [];
  try {
    await body(async (options) => {
      const app = await startTestApp({ imports: [ProbeModule], ...(options.db ? {} : { setupSql: PROBE_TABLES }), ...options });
      apps.push(app);
      return app;
    });
  } finally {
    for (const app of apps.reverse()) await app.close();
  }
}

/** Until its Redis client is connected a fresh replica counts in its own memory; count only once it is ready. */
async function ready(app: TestApp): Promise<TestApp> {
  await waitFor(async () => (await app.http().get('/health/ready')).status === 200, 'the app to be ready', { timeoutMs: 10_000 });
  return app;
}

describe('rate limiting', () => {
  it('allows RATE_LIMIT_MAX requests with RateLimit headers, then answers 429 problem details with Retry-After', () =>
    withApps(async (start) => {
      const t = await ready(await start({ env: limitedEnv(freshPrefix()) }));
      for (let i = 1; i <= LIMIT; i++) {
        const res = await t.http().get('/api/v1/probes');
        expect(res.status).toBe(200);
        expect(res.headers['ratelimit-limit']).toBe(String(LIMIT));
        expect(res.headers['ratelimit-remaining']).toBe(String(LIMIT - i));
        expect(res.headers['retry-after']).toBeUndefined();
      }

      const sixth = await t.http().get('/api/v1/probes');
      expectTooManyRequests(sixth);
      expect(sixth.headers['ratelimit-remaining']).toBe('0');

      // Blocked for the block duration, not only for this one request.
      expectTooManyRequests(await t.http().get('/api/v1/probes'));
    }));

  it('never limits /health/live, even for a client that is blocked on /api', () =>
    withApps(async (start) => {
      const t = await ready(await start({ env: limitedEnv(freshPrefix()) }));
      for (let i = 0; i < 20; i++) {
        const res = await t.http().get('/health/live');
        expect(res.status).toBe(200);
        expect(res.headers['ratelimit-limit']).toBeUndefined();
      }
      // The 20 probes did not use up the client's API quota.
      const first = await t.http().get('/api/v1/probes');
      expect(first.status).toBe(200);
      expect(first.headers['ratelimit-remaining']).toBe(String(LIMIT - 1));

      for (let i = 1; i < LIMIT; i++) expect((await t.http().get('/api/v1/probes')).status).toBe(200);
      expectTooManyRequests(await t.http().get('/api/v1/probes'));

      for (let i = 0; i < 20; i++) expect((await t.http().get('/health/live')).status).toBe(200);
    }));

  it('holds across replicas that share the database and Redis prefix', () =>
    withApps(async (start) => {
      const prefix = freshPrefix();
      const first = await ready(await start({ env: limitedEnv(prefix) }));
      const second = await ready(await start({ db: first.db, env: limitedEnv(prefix) }));

      const statuses: number[] = [];
      for (const replica of [first, second, first, second, first])
        statuses.push((await replica.http().get('/api/v1/probes')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);

      const sixth = await second.http().get('/api/v1/probes');
      expectTooManyRequests(sixth);
      // The block is shared too: the other replica refuses as well.
      expectTooManyRequests(await first.http().get('/api/v1/probes'));
    }));

  it('counts the default bucket in batches and still holds it across replicas, within one share per replica (ADR 28)', () =>
    withApps(async (start) => {
      const limit = 40; // a share of 2 per replica
      const env = (prefix: string) => limitedEnv(prefix, { RATE_LIMIT_MAX: String(limit) });
      const alone = await ready(await start({ env: env(freshPrefix()) }));
      const remaining: string[] = [];
      for (let i = 0; i < limit; i++) {
        const res = await alone.http().get('/api/v1/probes');
        expect(res.status).toBe(200);
        remaining.push(String(res.headers['ratelimit-remaining']));
      }
      // Alone, a replica holds the limit exactly, and says what is left exactly.
      expect(remaining).toEqual(Array.from({ length: limit }, (_, i) => String(limit - 1 - i)));
      expectTooManyRequests(await alone.http().get('/api/v1/probes'));

      const prefix = freshPrefix();
      const first = await ready(await start({ db: alone.db, env: env(prefix) }));
      const second = await ready(await start({ db: alone.db, env: env(prefix) }));
      const statuses = await Promise.all(
        Array.from({ length: 3 * limit }, (_, i) => (i % 2 ? first : second).http().get('/api/v1/probes')),
      );
      const allowed = statuses.filter((res) => res.status === 200).length;
      expect(allowed).toBeGreaterThanOrEqual(limit);
      expect(allowed).toBeLessThanOrEqual(limit + 2 * 2);
      expectTooManyRequests(statuses.find((res) => res.status === 429)!);
    }));

  it('lets a client that waited out Retry-After through again', () =>
    withApps(async (start) => {
      const t = await ready(await start({ env: limitedEnv(freshPrefix(), { RATE_LIMIT_BLOCK_SECONDS: '1' }) }));
      for (let i = 0; i < LIMIT; i++) expect((await t.http().get('/api/v1/probes')).status).toBe(200);
      const blocked = await t.http().get('/api/v1/probes');
      expect(blocked.status).toBe(429);
      expect(blocked.headers['retry-after']).toBe('1');

      // Asks again until let through: a request refused while blocked is not counted in the next window.
      const after = await waitFor(async () => {
        const res = await t.http().get('/api/v1/probes');
        return res.status === 200 ? res : undefined;
      }, 'the block to end');
      expect(after.headers['ratelimit-remaining']).toBe(String(LIMIT - 1));
    }));

  it('keeps limiting in memory while Redis is unreachable (429, not 500 or unlimited), and counts in Redis again once it returns', async () => {
    const target = new URL(REDIS_URL);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    const prefix = freshPrefix();
    try {
      await proxy.start();
      await proxy.stop(); // a known port that now refuses connections
      await withApps(async (start) => {
        const t = await start({ env: limitedEnv(prefix, { REDIS_URL: `redis://127.0.0.1:${proxy.port}` }) });

        for (let i = 1; i <= LIMIT; i++) {
          const res = await t.http().get('/api/v1/probes');
          expect(res.status).toBe(200);
          expect(res.body).toEqual({ ok: true });
          expect(res.headers['ratelimit-remaining']).toBe(String(LIMIT - i));
        }
        const sixth = await t.http().get('/api/v1/probes');
        expectTooManyRequests(sixth);
        expect(Number(sixth.headers['retry-after'])).toBe(BLOCK_SECONDS);
        // Blocked for the block duration here too.
        expectTooManyRequests(await t.http().get('/api/v1/probes'));

        // Back on Redis: a fresh count there (the block only lived in this replica's memory).
        await proxy.start();
        const counted = await waitForStatus(t, '/api/v1/probes', 200, 'the limiter to count in Redis again');
        expect(counted.headers['ratelimit-remaining']).toBe(String(LIMIT - 1));
        expect(await rateLimitKeys(prefix)).toEqual([expect.stringMatching(new RegExp(`^${prefix}:rate-limit:default:`))]);
        for (let i = 2; i <= LIMIT; i++) expect((await t.http().get('/api/v1/probes')).status).toBe(200);
        expectTooManyRequests(await t.http().get('/api/v1/probes'));
      });
    } finally {
      await proxy.stop();
    }
  });
});
