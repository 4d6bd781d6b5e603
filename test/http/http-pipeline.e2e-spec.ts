import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { uuidv7 } from '@hms/ddd';
import { waitFor } from '@hms/testing';
import { ProbeModule, PROBE_TABLES } from '../fixtures/probe/probe.module.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PROBLEM = /^application\/problem\+json/;
const SENTINEL = 'Zelda-Sentinel-Quixote';

describe('HTTP pipeline: problem details, request ids, security headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      imports: [ProbeModule],
      setupSql: PROBE_TABLES,
      env: { CORS_ORIGINS: 'https://ward.hospital.example', LOG_LEVEL: 'info' },
    });
  });
  afterAll(() => t.close());

  const outboxCount = async () => Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM outbox'))[0].n);
  const aggregateCount = async () => Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM probe_aggregates'))[0].n);

  it('accepts a valid request and commits it with its event', async () => {
    // Not zero: the install's first role-matrix reconcile records its RoleUpdated events.
    const before = await outboxCount();
    const aggregateId = uuidv7();
    const res = await t
      .http()
      .post('/api/v1/probes')
      .send({ aggregateId, labels: ['ok'] });
    expect(res.status).toBe(201);
    expect(res.body.eventIds).toHaveLength(1);
    expect(await outboxCount()).toBe(before + 1);
    const rows = await t.db.query<{ event_id: string }>('SELECT event_id FROM outbox WHERE aggregate_id = $1', [aggregateId]);
    expect(rows).toEqual([{ event_id: res.body.eventIds[0] }]);
  });

  describe('bad input answers a 4xx problem and writes nothing', () => {
    let before: { outbox: number; aggregates: number };
    beforeAll(async () => {
      before = { outbox: await outboxCount(), aggregates: await aggregateCount() };
    });
    afterAll(async () => {
      expect({ outbox: await outboxCount(), aggregates: await aggregateCount() }).toEqual(before);
    });

    it('lists every invalid field in errors[] without echoing values', async () => {
      const res = await t
        .http()
        .post('/api/v1/probes')
        .send({ aggregateId: `${SENTINEL}-not-a-uuid`, labels: ['', 'x'.repeat(51)] });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, instance: '/api/v1/probes' });
      expect(res.body.correlationId).toBe(res.headers['x-request-id']);
      const fields = (res.body.errors as { field: string; message: string }[]).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['aggregateId', 'labels']));
      expect(JSON.stringify(res.body)).not.toContain(SENTINEL);
    });

    it('rejects unknown fields by name', async () => {
      const res = await t
        .http()
        .post('/api/v1/probes')
        .send({ aggregateId: uuidv7(), labels: ['a'], status: 'merged' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'status', message: 'status is not an allowed field' }]);
    });

    it('rejects wrong types', async () => {
      const res = await t.http().post('/api/v1/probes').send({ aggregateId: uuidv7(), labels: 'not-an-array', fail: 'yes' });
      expect(res.status).toBe(400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['labels', 'fail']));
    });

    it('answers malformed JSON with 400 and does not echo the body', async () => {
      const res = await t
        .http()
        .post('/api/v1/probes')
        .set('Content-Type', 'application/json')
        .send(`{"aggregateId": "${SENTINEL}", `);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.detail).toBe('The request body is not valid JSON.');
      expect(res.text).not.toContain(SENTINEL);
    });

    it('answers a body over the limit with 413', async () => {
      const huge = JSON.stringify({ aggregateId: uuidv7(), labels: ['a'], padding: 'x'.repeat(1024 * 1024) });
      const res = await t.http().post('/api/v1/probes').set('Content-Type', 'application/json').send(huge);
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 413, title: 'Payload Too Large' });
    });

    it('answers an unsupported media type with 415', async () => {
      const res = await t.http().post('/api/v1/probes').set('Content-Type', 'text/plain').send('aggregateId=1');
      expect(res.status).toBe(415);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.status).toBe(415);
    });

    it('answers an unknown route with 404 problem details', async () => {
      const res = await t.http().get('/api/v1/no-such-thing?lastName=secret');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 404, instance: '/api/v1/no-such-thing' });
      expect(res.text).not.toContain('secret');
    });

    it('answers an unknown Host with 400', async () => {
      const res = await t.http().get('/api/v1/probes').set('Host', 'attacker.example');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.detail).toMatch(/Host header/);
    });
  });

  it('maps a domain error to its status, with its stable code as the problem type', async () => {
    const id = uuidv7();
    const res = await t.http().get(`/api/v1/probes/${id}`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({
      type: 'urn:hms:problem:common.not-found',
      title: 'Not Found',
      status: 404,
      code: 'COMMON.NOT_FOUND',
      detail: `Probe ${id} was not found`,
      resourceType: 'Probe',
    });
  });

  it('answers a malformed path parameter with 400', async () => {
    const res = await t.http().get('/api/v1/probes/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
  });

  it('answers an unexpected exception with a bare 500: no stack, no SQL', async () => {
    // A second RecordProbe for an id with a version conflict is not enough; a failing command is.
    const res = await t
      .http()
      .post('/api/v1/probes')
      .send({ aggregateId: uuidv7(), labels: ['boom'], fail: true });
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'The server could not complete the request.',
      instance: '/api/v1/probes',
      correlationId: res.headers['x-request-id'],
    });
    expect(res.text).not.toMatch(/probe failure requested|at .*\.ts|INSERT/);
  });

  describe('request ids', () => {
    it('echoes a sane X-Request-ID and uses it in problem responses', async () => {
      const res = await t.http().get('/api/v1/nowhere').set('X-Request-ID', 'ward-7:abc-123');
      expect(res.headers['x-request-id']).toBe('ward-7:abc-123');
      expect(res.body.correlationId).toBe('ward-7:abc-123');
    });

    it('accepts X-Correlation-ID as an alias', async () => {
      const res = await t.http().get('/api/v1/probes').set('X-Correlation-ID', 'corr-42');
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toBe('corr-42');
    });

    it.each(['<script>alert(1)</script>', 'a b c', 'x'.repeat(200)])(
      'replaces an insane id %j with a generated one',
      async (bad) => {
        const res = await t.http().get('/api/v1/probes').set('X-Request-ID', bad);
        expect(res.status).toBe(200);
        expect(res.headers['x-request-id']).not.toBe(bad);
        expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
      },
    );

    it('carries the request id into the outbox events of the request', async () => {
      const res = await t
        .http()
        .post('/api/v1/probes')
        .set('X-Request-ID', 'trace-outbox-1')
        .send({ aggregateId: uuidv7(), labels: ['c'] });
      expect(res.status).toBe(201);
      const rows = await t.db.query<{ correlation_id: string }>('SELECT correlation_id FROM outbox WHERE event_id = $1', [
        res.body.eventIds[0],
      ]);
      expect(rows).toEqual([{ correlation_id: 'trace-outbox-1' }]);
    });
  });

  it('sets helmet headers, Server-Timing and no X-Powered-By', async () => {
    const res = await t.http().get('/api/v1/probes');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['server-timing']).toMatch(/^app;dur=\d+(\.\d+)?$/);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('allows CORS only for configured origins', async () => {
    const allowed = await t
      .http()
      .options('/api/v1/probes')
      .set('Origin', 'https://ward.hospital.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://ward.hospital.example');
    const refused = await t
      .http()
      .options('/api/v1/probes')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('logs the request id, route and status, but no payload', async () => {
    await t
      .http()
      .post('/api/v1/probes')
      .set('X-Request-ID', 'log-check-1')
      .send({ aggregateId: SENTINEL, labels: [SENTINEL] });
    const entry = await waitFor(
      () => t.logs.entries().find((e) => e.correlationId === 'log-check-1' && e.res),
      'the request’s log line',
    );
    expect(entry).toMatchObject({
      reqId: 'log-check-1',
      route: '/api/v1/probes',
      res: { statusCode: 400 },
      req: { method: 'POST', path: '/api/v1/probes' },
    });
    expect(entry?.responseTime).toEqual(expect.any(Number));
    expect(t.logs.text()).not.toContain(SENTINEL);
    // One route per line: the pattern matched, not also the logging middleware's own wildcard.
    const line = t.logs.lines.find((l) => l.includes('"log-check-1"') && l.includes('"res"'));
    expect(line?.match(/"route":/g)).toHaveLength(1);
  });

  it('logs no line for probes and the metrics scrape', async () => {
    await t.http().get('/health/live').set('X-Request-ID', 'quiet-probe-1');
    await t.http().get('/metrics').set('X-Request-ID', 'quiet-probe-2');
    // A request that is logged, after them: once its line is in, theirs would be too.
    await t.http().get('/api/v1/probes').set('X-Request-ID', 'quiet-barrier');
    await waitFor(() => t.logs.lines.some((line) => line.includes('"quiet-barrier"')), 'the later request’s log line');
    expect(t.logs.lines.filter((line) => /quiet-probe-[12]/.test(line))).toEqual([]);
  });

  it('redacts personal fields at any depth in what is logged by hand', async () => {
    new Logger('RedactionCheck').warn(
      {
        check: 'redaction-1',
        patient: { contact: { details: { primary: { email: SENTINEL, mrn: 'MRN0000000018' } } } },
        lastName: SENTINEL,
      },
      'a hand-made log line',
    );
    const entry = await waitFor(() => t.logs.entries().find((e) => e.check === 'redaction-1'), 'the hand-made log line');
    expect(entry).toMatchObject({
      lastName: '[redacted]',
      patient: { contact: { details: { primary: { email: '[redacted]', mrn: 'MRN0000000018' } } } },
    });
    expect(t.logs.text()).not.toContain(SENTINEL);
  });
});
