import { Public } from '@hms/authz';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, Param, ParseUUIDPipe } from '@nestjs/common';
import { uuidv7 } from '@hms/ddd';
import { waitFor } from '@hms/testing';
import { flakyLabels } from '../fixtures/probe/probe-effects.handler.js';
import { ProbeModule, PROBE_TABLES } from '../fixtures/probe/probe.module.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PROBLEM_JSON = 'application/problem+json';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** A route with a path parameter, to prove metrics label the pattern and never the id. */
@Public()
@Controller({ path: 'metric-probes', version: '1' })
class MetricProbeController {
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): { id: string } {
    return { id };
  }
}

@Module({ controllers: [MetricProbeController] })
class MetricProbeModule {}

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(match[3]);
  }
  return undefined;
}

const routeLabels = (text: string): Set<string> => new Set([...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1]));

describe('GET /metrics', () => {
  let t: TestApp;
  let scrape: () => Promise<string>;

  beforeAll(async () => {
    // The api role runs no outbox relay, so recorded events stay in the backlog.
    t = await startTestApp({ imports: [ProbeModule, MetricProbeModule], setupSql: PROBE_TABLES, env: { APP_ROLE: 'api' } });
    scrape = async () => {
      const res = await t.http().get('/metrics');
      expect(res.status).toBe(200);
      return res.text;
    };
  });
  afterAll(() => t?.close());

  it('answers 200 Prometheus text, unversioned, outside /api and uncached', async () => {
    const res = await t.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect((await t.http().get('/api/metrics')).status).toBe(404);
    expect((await t.http().get('/api/v1/metrics')).status).toBe(404);
  });

  it('labels request durations with the route pattern, never a raw id', async () => {
    const id = uuidv7();
    const unknownId = uuidv7();
    expect((await t.http().get('/api/v1/probes')).status).toBe(200);
    expect((await t.http().get(`/api/v1/metric-probes/${id}`)).status).toBe(200);
    expect((await t.http().get('/api/v1/metric-probes/not-a-uuid')).status).toBe(400);
    expect((await t.http().get(`/api/v1/no-such-route/${unknownId}`)).status).toBe(404);

    const text = await scrape();
    const count = 'http_request_duration_seconds_count';
    expect(sample(text, count, { method: 'GET', route: '/api/v1/probes', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, count, { method: 'GET', route: '/api/v1/metric-probes/:id', status: '200' })).toBe(1);
    expect(sample(text, count, { method: 'GET', route: '/api/v1/metric-probes/:id', status: '400' })).toBe(1);
    // An unknown route is counted as unmatched, never under its raw path.
    expect(sample(text, count, { method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'http_request_duration_seconds_bucket', { route: '/api/v1/probes', status: '200', le: '+Inf' }),
    ).toBeGreaterThanOrEqual(1);

    expect(text).not.toContain(id);
    expect(text).not.toContain(unknownId);
    expect(text).not.toContain('not-a-uuid');
    for (const route of routeLabels(text)) {
      expect(route === 'unmatched' || route.startsWith('/')).toBe(true);
      expect(route).not.toMatch(UUID);
    }
  });

  it('reports the outbox backlog and the age of its oldest event', async () => {
    // The install's first role-matrix reconcile left its RoleUpdated events unpublished (this api app
    // runs no relay): mark them published, so the backlog starts empty.
    await t.db.query('UPDATE outbox SET published_at = now() WHERE published_at IS NULL');
    const before = await scrape();
    expect(before).toContain('# HELP outbox_backlog_events ');
    expect(before).toContain('# HELP outbox_oldest_unpublished_age_seconds ');
    expect(sample(before, 'outbox_backlog_events')).toBe(0);
    expect(sample(before, 'outbox_oldest_unpublished_age_seconds')).toBe(0);

    const res = await t
      .http()
      .post('/api/v1/probes')
      .send({ aggregateId: uuidv7(), labels: ['a', 'b'] });
    expect(res.status).toBe(201);
    await t.db.query(`UPDATE outbox SET created_at = now() - interval '90 seconds' WHERE published_at IS NULL`);

    const after = await scrape();
    expect(sample(after, 'outbox_backlog_events')).toBe(2);
    expect(sample(after, 'outbox_oldest_unpublished_age_seconds')).toBeGreaterThanOrEqual(90);
    expect(sample(after, 'outbox_oldest_unpublished_age_seconds')).toBeLessThan(600);
  });

  it('reports queue job counts by queue and state', async () => {
    // The queue clients connect lazily; a scrape skips a queue whose client is not ready yet.
    const text = await waitFor(
      async () => {
        const body = await scrape();
        return sample(body, 'queue_jobs', { queue: 'domain-events', state: 'waiting' }) !== undefined ? body : undefined;
      },
      'queue_jobs for domain-events',
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(text).toContain('# HELP queue_jobs ');
    for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed']) {
      expect(sample(text, 'queue_jobs', { queue: 'domain-events', state })).toBe(0);
    }
    expect(sample(text, 'queue_jobs', { queue: 'audit', state: 'waiting' })).toBe(0);
  });

  it('declares event_handler_failures_total', async () => {
    const text = await scrape();
    expect(text).toContain('# HELP event_handler_failures_total ');
    expect(text).toContain('# TYPE event_handler_failures_total counter');
  });
});

describe('event_handler_failures_total with a worker', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule], setupSql: PROBE_TABLES, env: { APP_ROLE: 'all' } });
  });
  afterAll(async () => {
    flakyLabels.clear();
    await t?.close();
  });

  it('counts a failed handler run by handler and event, and the retry still delivers', async () => {
    const label = `flaky-${uuidv7()}`;
    flakyLabels.set(label, 1);
    const res = await t
      .http()
      .post('/api/v1/probes')
      .send({ aggregateId: uuidv7(), labels: [label] });
    expect(res.status).toBe(201);

    const labels = { handler: 'ProbeEffectsHandler', event: 'test.ProbeRecorded.v2' };
    const text = await waitFor(
      async () => {
        const body = (await t.http().get('/metrics')).text;
        return sample(body, 'event_handler_failures_total', labels) === 1 ? body : undefined;
      },
      'the handler failure to be counted',
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(text).toContain('# HELP event_handler_failures_total ');
    expect(text).not.toContain(label);

    await waitFor(
      async () => (await t.db.query('SELECT 1 FROM probe_effects WHERE label = $1', [label])).length === 1,
      'the retried handler to succeed',
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(sample((await t.http().get('/metrics')).text, 'event_handler_failures_total', labels)).toBe(1);
  });
});

describe('OpenAPI document and Swagger UI', () => {
  let t: TestApp;
  type Operation = {
    responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
    security?: unknown[];
    tags?: string[];
  };
  let doc: {
    openapi: string;
    info: { title: string };
    tags: { name: string; description: string }[];
    paths: Record<string, Record<string, Operation>>;
    components: {
      schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
      securitySchemes: Record<string, unknown>;
    };
  };

  let served: { status: number; contentType: string };

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule], setupSql: PROBE_TABLES, env: { APP_ROLE: 'api' } });
    const res = await t.http().get('/api/docs/openapi.json');
    served = { status: res.status, contentType: String(res.headers['content-type']) };
    doc = res.body;
  });
  afterAll(() => t?.close());

  it('serves the document as JSON at /api/docs/openapi.json', () => {
    expect(served.status).toBe(200);
    expect(served.contentType).toMatch(/^application\/json/);
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBe('HMS API');
  });

  it('defines ProblemDetails and the bearer security scheme', () => {
    expect(doc.components.schemas.ProblemDetails).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['type', 'title', 'status']),
    });
    expect(Object.keys(doc.components.schemas.ProblemDetails.properties ?? {})).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'correlationId', 'errors']),
    );
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('documents problem responses on the operations', () => {
    const problemOf = (op: Operation, status: string) => op.responses[status]?.content?.[PROBLEM_JSON]?.schema?.$ref;
    const ref = '#/components/schemas/ProblemDetails';

    const api = doc.paths['/api/v1/probes'];
    expect(api).toBeDefined();
    for (const op of [api.get, api.post]) {
      expect(problemOf(op, '400')).toBe(ref);
      expect(problemOf(op, '429')).toBe(ref);
      expect(problemOf(op, '500')).toBe(ref);
    }

    const ready = doc.paths['/health/ready'].get;
    expect(ready.responses['503']).toBeDefined();
    expect(problemOf(ready, '500')).toBe(ref);
    // Probes are neither rate limited nor host-checked, so those problems are not documented there.
    expect(ready.responses['429']).toBeUndefined();
    expect(doc.paths['/health/live'].get.responses['429']).toBeUndefined();

    // Every documented operation can at least fail with a 500 problem.
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect({ path, method, ref: problemOf(op, '500') }).toEqual({ path, method, ref });
      }
    }
    expect(doc.paths['/metrics']).toBeUndefined();
  });

  it('documents no 403 on a patient record, whose refusal is its 404 (ADR 25), and a 403 on lists and changes', () => {
    const record = [doc.paths['/api/v1/patients/{id}'].get, doc.paths['/api/v1/patients/{id}/history'].get];
    for (const op of record) {
      expect(op.responses['403']).toBeUndefined();
      expect(op.responses['404']).toMatchObject({ description: expect.stringContaining('patients:read') });
      expect(Object.keys(op).filter((key) => key.startsWith('x-'))).toEqual([]);
    }
    for (const op of [doc.paths['/api/v1/patients'].get, doc.paths['/api/v1/patients/{id}'].patch]) {
      expect(op.responses['403']).toBeDefined();
    }
  });

  it('lists the accepted X-Purpose-Of-Use values as an enum on every patient read', () => {
    type Parameter = { name: string; in: string; schema?: { enum?: string[]; default?: string } };
    const reads = [
      doc.paths['/api/v1/patients'].get,
      doc.paths['/api/v1/patients/{id}'].get,
      doc.paths['/api/v1/patients/{id}/history'].get,
    ] as unknown as { parameters: Parameter[] }[];
    for (const op of reads) {
      const header = op.parameters.find((p) => p.name === 'X-Purpose-Of-Use');
      expect(header).toMatchObject({ in: 'header', schema: { default: 'TREAT' } });
      expect(header?.schema?.enum).toEqual(
        expect.arrayContaining(['TREAT', 'ETREAT', 'HPAYMT', 'HOPERAT', 'PATRQT', 'PUBHLTH', 'HRESCH']),
      );
      expect(header?.schema?.enum).toEqual(expect.arrayContaining(['treatment', 'billing', 'emergency']));
    }
  });

  it('declares, with a description, every tag the operations of the API use', () => {
    const declared = new Map(doc.tags.map((tag) => [tag.name, tag.description]));
    // Swagger tags a controller without @ApiTags by its class name, which no descriptor declares.
    const undeclared = Object.entries(doc.paths)
      .filter(([path]) => !path.startsWith('/api/v1/probes'))
      .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ operation: `${method} ${path}`, tags: op.tags })))
      .filter(({ tags }) => !tags?.length || tags.some((tag) => !declared.get(tag)));
    expect(undeclared).toEqual([]);
  });

  it('serves Swagger UI at /api/docs', async () => {
    const res = await t.http().get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/swagger-ui/i);
    expect(res.text).toContain('<title>HMS API</title>');
  });
});
