import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TcpProxy, waitFor } from '@hms/testing';
import { ProbeModule, PROBE_TABLES } from '../fixtures/probe/probe.module.js';
import { startTestApp, waitForStatus, type TestApp } from '../support/test-app.js';
import { REDIS_URL, uniqueSuffix } from '../support/test-env.js';

const PROBLEM = /^application\/problem\+json/;
/** A pod address, as a kubelet probe sends it: not in ALLOWED_HOSTS. */
const POD_HOST = '10.1.2.3:3000';

type HealthBody = {
  status: string;
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string; message?: string }>;
  details: Record<string, { status: string }>;
};

const redisTarget = new URL(REDIS_URL);

/** Right after start the app's Redis client may still be connecting (readiness says so); wait it out. */
async function untilReady(app: TestApp): Promise<void> {
  await waitFor(async () => (await app.http().get('/health/ready')).status === 200, 'the app to become ready', {
    timeoutMs: 10_000,
    intervalMs: 100,
  });
}

describe('health probes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      imports: [ProbeModule],
      setupSql: PROBE_TABLES,
      // A tiny limit, so exemption from it is observable.
      env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_BLOCK_SECONDS: '60' },
    });
    await untilReady(t);
  });
  afterAll(() => t?.close());

  it('GET /health/live answers 200 {status: ok}', async () => {
    const res = await t.http().get('/health/live');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready answers 200 with database and redis up, uncached', async () => {
    const res = await t.http().get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
      details: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('is not under /api', async () => {
    for (const path of ['/api/health/live', '/api/v1/health/live', '/api/health/ready', '/api/v1/health/ready']) {
      const res = await t.http().get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it('skips the Host check for probes and the metrics scrape, which /api routes enforce', async () => {
    const live = await t.http().get('/health/live').set('Host', POD_HOST);
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });

    const ready = await t.http().get('/health/ready').set('Host', POD_HOST);
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');

    // Prometheus scrapes pods by address too.
    const metrics = await t.http().get('/metrics').set('Host', POD_HOST);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('# HELP http_request_duration_seconds');

    const api = await t.http().get('/api/v1/probes').set('Host', POD_HOST);
    expect(api.status).toBe(400);
    expect(api.headers['content-type']).toMatch(PROBLEM);
    expect(api.body).toMatchObject({ status: 400, detail: expect.stringMatching(/Host header/) });
  });

  // Last in this block: it leaves the client blocked on /api.
  it('is not rate limited, while /api routes of the same app are', async () => {
    for (let i = 0; i < 10; i++) {
      const live = await t.http().get('/health/live');
      const ready = await t.http().get('/health/ready');
      expect([live.status, ready.status]).toEqual([200, 200]);
      expect(live.headers['ratelimit-limit']).toBeUndefined();
      expect(ready.headers['ratelimit-limit']).toBeUndefined();
    }
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.http().get('/api/v1/probes')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    // A blocked client (an orchestrator on the same address) still reaches the probes.
    expect((await t.http().get('/health/live')).status).toBe(200);
    expect((await t.http().get('/health/ready')).status).toBe(200);
  });
});

describe('readiness when PostgreSQL becomes unreachable', () => {
  const proxy = new TcpProxy('127.0.0.1', 5432);
  let t: TestApp | undefined;

  beforeAll(async () => {
    await proxy.start();
    t = await startTestApp({ databaseUrlFor: (db) => `postgres://postgres@127.0.0.1:${proxy.port}/${db.name}` });
    await untilReady(t);
  });
  afterAll(async () => {
    // Restore the path first, so the app closes its pool cleanly.
    await proxy.start().catch(() => undefined);
    await t?.close();
    await proxy.stop();
  });

  it('answers 503 naming the database as down, keeps live at 200, and recovers once it returns', async () => {
    const app = t!;
    const before = await app.http().get('/health/ready');
    expect(before.status).toBe(200);
    expect(before.body.details.database.status).toBe('up');

    await proxy.stop();
    const down = await app.http().get('/health/ready');
    expect(down.status).toBe(503);
    expect(down.headers['cache-control']).toBe('no-store');
    const body = down.body as HealthBody;
    expect(body.status).toBe('error');
    expect(body.error?.database?.status).toBe('down');
    expect(body.details.database.status).toBe('down');
    expect(body.details.redis.status).toBe('up');
    expect(body.error?.redis).toBeUndefined();
    // Liveness does not depend on the database: a restart would not help.
    expect((await app.http().get('/health/live')).status).toBe(200);

    await proxy.start();
    const recovered = await waitForStatus(app, '/health/ready', 200, 'readiness to recover after PostgreSQL returns');
    expect(recovered.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } });
  });
});

describe('readiness when Redis becomes unreachable', () => {
  const proxy = new TcpProxy(redisTarget.hostname, Number(redisTarget.port || 6379));
  let t: TestApp | undefined;

  beforeAll(async () => {
    await proxy.start();
    t = await startTestApp({
      env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, QUEUE_PREFIX: `hms-test-health-${uniqueSuffix()}` },
    });
    await untilReady(t);
  });
  afterAll(async () => {
    await proxy.start().catch(() => undefined);
    await t?.close();
    await proxy.stop();
  });

  it('answers 503 naming redis as down, keeps live at 200, and recovers once it returns', async () => {
    const app = t!;
    const before = await app.http().get('/health/ready');
    expect(before.status).toBe(200);
    expect(before.body.details.redis.status).toBe('up');

    // The client notices the cut connection asynchronously, so poll for the verdict.
    await proxy.stop();
    const down = await waitForStatus(app, '/health/ready', 503, 'readiness to report Redis down');
    const body = down.body as HealthBody;
    expect(body.status).toBe('error');
    expect(body.error?.redis?.status).toBe('down');
    expect(body.details.redis.status).toBe('down');
    expect(body.details.database.status).toBe('up');
    expect(body.error?.database).toBeUndefined();
    expect((await app.http().get('/health/live')).status).toBe(200);

    await proxy.start();
    const recovered = await waitForStatus(app, '/health/ready', 200, 'readiness to recover after Redis returns');
    expect(recovered.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } });
  });
});
