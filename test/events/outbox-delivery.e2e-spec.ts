import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bull';
import { CommandBus } from '@nestjs/cqrs';
import { systemActor, uuidv7 } from '@hms/ddd';
import { TcpProxy, waitFor } from '@hms/testing';
import type { Queue } from 'bull';
import pg from 'pg';
import { UnitOfWork } from '../../src/infrastructure/database/unit-of-work.js';
import { OUTBOX_CHANNEL } from '../../src/infrastructure/events/outbox-signal.js';
import { MetricsService } from '../../src/infrastructure/metrics/metrics.service.js';
import { DOMAIN_EVENTS_QUEUE, type EventJobData } from '../../src/infrastructure/queue/queue-names.js';
import { flakyLabels } from '../fixtures/probe/probe-effects.handler.js';
import { ProbeNoticed } from '../fixtures/probe/probe-recorded.event.js';
import { ProbeModule, PROBE_TABLES } from '../fixtures/probe/probe.module.js';
import { RecordProbe } from '../fixtures/probe/record-probe.command.js';
import { relayRound, untilQueuesOffline, untilRelayListens } from '../support/outbox-relay.js';
import { REDIS_URL } from '../support/test-env.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Effect {
  seq: string;
  event_id: string;
  version: number;
  label: string;
}

async function effectsOf(t: TestApp, aggregateId: string): Promise<Effect[]> {
  return t.db.query<Effect>('SELECT seq, event_id, version, label FROM probe_effects WHERE aggregate_id = $1 ORDER BY seq', [
    aggregateId,
  ]);
}

async function record(t: TestApp, aggregateId: string, labels: string[], fail = false): Promise<string[]> {
  const { eventIds } = await t.app.get(CommandBus).execute(new RecordProbe(aggregateId, labels, fail));
  return eventIds;
}

async function dispatchedAt(t: TestApp, eventId: string): Promise<Date | null> {
  const [row] = await t.db.query<{ dispatched_at: Date | null }>('SELECT dispatched_at FROM outbox WHERE event_id = $1', [
    eventId,
  ]);
  return row.dispatched_at;
}

describe('transactional outbox and event delivery', () => {
  let t: TestApp;
  let queue: Queue<EventJobData>;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule], setupSql: PROBE_TABLES });
    queue = t.app.get<Queue<EventJobData>>(getQueueToken(DOMAIN_EVENTS_QUEUE));
  });
  afterAll(() => t.close());
  beforeEach(() => flakyLabels.clear());

  /** Hands the event to the queue again, under a new job id so Bull does not drop it as a duplicate. */
  async function redeliver(eventId: string): Promise<void> {
    const [row] = await t.db.query<Record<string, string | number>>(
      'SELECT id, type, aggregate_type, aggregate_id, aggregate_version, correlation_id FROM outbox WHERE event_id = $1',
      [eventId],
    );
    const job = await queue.add(
      {
        eventId,
        outboxId: String(row.id),
        type: String(row.type),
        aggregateType: String(row.aggregate_type),
        aggregateId: String(row.aggregate_id),
        aggregateVersion: Number(row.aggregate_version),
        correlationId: String(row.correlation_id),
      },
      { jobId: `${eventId}:redelivery:${uuidv7()}`, attempts: 1 },
    );
    await job.finished();
  }

  it('delivers a committed event to its handler exactly once, even when delivered twice', async () => {
    const aggregateId = uuidv7();
    const [eventId] = await record(t, aggregateId, ['once']);

    await waitFor(() => dispatchedAt(t, eventId), 'the event to be dispatched');
    expect(await effectsOf(t, aggregateId)).toEqual([expect.objectContaining({ event_id: eventId, label: 'once', version: 1 })]);

    // A plain duplicate job: the outbox row says it is dispatched already.
    await redeliver(eventId);
    // A duplicate after the dispatch mark was lost: the inbox row stops the handler's second run.
    await t.db.query('UPDATE outbox SET dispatched_at = NULL WHERE event_id = $1', [eventId]);
    await redeliver(eventId);

    expect(await effectsOf(t, aggregateId)).toHaveLength(1);
    expect(await t.db.query('SELECT handler FROM inbox WHERE event_id = $1', [eventId])).toEqual([
      { handler: 'ProbeEffectsHandler' },
    ]);
    expect(await dispatchedAt(t, eventId)).toBeInstanceOf(Date);
  });

  it('never delivers an event from a rolled-back transaction', async () => {
    const doomed = uuidv7();
    await expect(record(t, doomed, ['never'], true)).rejects.toThrow('probe failure requested');
    expect(await t.db.query('SELECT 1 FROM outbox WHERE aggregate_id = $1', [doomed])).toEqual([]);
    expect(await t.db.query('SELECT 1 FROM probe_aggregates WHERE id = $1', [doomed])).toEqual([]);

    // A later committed event has gone all the way through, so the pipeline had every chance.
    const later = uuidv7();
    const [laterEvent] = await record(t, later, ['after']);
    await waitFor(() => dispatchedAt(t, laterEvent), 'the later event to be dispatched');
    expect(await effectsOf(t, doomed)).toEqual([]);
    expect(await effectsOf(t, later)).toHaveLength(1);
  });

  it('retries a failing handler until it succeeds, counting the failures', async () => {
    const failuresBefore = (await t.app.get(MetricsService).eventHandlerFailures.get()).values.reduce(
      (sum, v) => sum + v.value,
      0,
    );
    flakyLabels.set('flaky', 2);
    const aggregateId = uuidv7();
    const [eventId] = await record(t, aggregateId, ['flaky']);

    await waitFor(() => dispatchedAt(t, eventId), 'the flaky event to be dispatched after retries', { timeoutMs: 20_000 });
    expect(await effectsOf(t, aggregateId)).toEqual([expect.objectContaining({ label: 'flaky' })]);
    const [row] = await t.db.query<{ dispatch_attempts: number; last_error: string }>(
      'SELECT dispatch_attempts, last_error FROM outbox WHERE event_id = $1',
      [eventId],
    );
    expect(row).toEqual({ dispatch_attempts: 2, last_error: 'ProbeEffectsHandler: Error' });
    const failuresAfter = (await t.app.get(MetricsService).eventHandlerFailures.get()).values.reduce(
      (sum, v) => sum + v.value,
      0,
    );
    expect(failuresAfter - failuresBefore).toBe(2);
  });

  it('keeps the order of one aggregate even when its first event needs retries', async () => {
    flakyLabels.set('first', 2);
    const aggregateId = uuidv7();
    const [, secondId] = await record(t, aggregateId, ['first', 'second']);

    await waitFor(() => dispatchedAt(t, secondId), 'the second event to be dispatched', { timeoutMs: 20_000 });
    const effects = await effectsOf(t, aggregateId);
    expect(effects.map((e) => [e.label, e.version])).toEqual([
      ['first', 1],
      ['second', 2],
    ]);
  });

  it('hands a stored older version of an event to its handler upcast to the current shape', async () => {
    // As a row recorded before ProbeRecorded became v2, whose label was called name.
    const aggregateId = uuidv7();
    const [{ event_id: eventId }] = await t.db.query<{ event_id: string }>(
      `INSERT INTO outbox (event_id, type, audit_action, audit_outcome, aggregate_type, aggregate_id, aggregate_version,
         occurred_at, actor, correlation_id, payload)
       VALUES (gen_random_uuid(), 'test.ProbeRecorded.v1', 'execute', 'success', 'Probe', $1, 1, now(),
         '{"kind": "system", "id": "outbox-test"}', 'upcast-1', '{"name": "stored-as-v1"}')
       RETURNING event_id`,
      [aggregateId],
    );

    await waitFor(() => dispatchedAt(t, eventId), 'the v1 event to be dispatched');
    expect(await effectsOf(t, aggregateId)).toEqual([expect.objectContaining({ event_id: eventId, label: 'stored-as-v1' })]);
    // The stored row keeps the type and shape it was recorded with.
    expect(await t.db.query('SELECT type, payload FROM outbox WHERE event_id = $1', [eventId])).toEqual([
      { type: 'test.ProbeRecorded.v1', payload: { name: 'stored-as-v1' } },
    ]);
  });

  it('publishes through the relay jobs that hold ids and the request id, never the payload', async () => {
    const res = await t
      .http()
      .post('/api/v1/probes')
      .set('X-Request-ID', 'ward-3-request-77')
      .send({ aggregateId: uuidv7(), labels: ['payload-stays-in-postgres'] });
    expect(res.status).toBe(201);
    const [eventId] = res.body.eventIds as string[];
    const job = await waitFor(() => queue.getJob(eventId), 'the relayed job');
    expect(job.data.correlationId).toBe('ward-3-request-77');
    expect(Object.keys(job.data).sort()).toEqual(
      ['aggregateId', 'aggregateType', 'aggregateVersion', 'correlationId', 'eventId', 'outboxId', 'type'].sort(),
    );
    expect(JSON.stringify(job.data)).not.toContain('payload-stays-in-postgres');
  });
});

describe('events no handler wants', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule], setupSql: PROBE_TABLES });
  });
  afterAll(() => t.close());

  it('are audited and marked dispatched without a domain-events job', async () => {
    const noticed = new ProbeNoticed(uuidv7());
    await t.app.get(UnitOfWork).record(systemActor('outbox-test'), noticed);

    const row = await waitFor(async () => {
      const [r] = await t.db.query<{ published_at: Date | null; dispatched_at: Date | null; audited_at: Date | null }>(
        'SELECT published_at, dispatched_at, audited_at FROM outbox WHERE event_id = $1',
        [noticed.eventId],
      );
      // The audit writer does not wait for publication: the event may be audited first.
      return r?.audited_at && r.published_at ? r : undefined;
    }, 'the event to be published and audited');
    expect(row.published_at).toBeInstanceOf(Date);
    expect(row.dispatched_at).toBeInstanceOf(Date);
    const queue = t.app.get<Queue<EventJobData>>(getQueueToken(DOMAIN_EVENTS_QUEUE));
    expect(await queue.getJob(noticed.eventId)).toBeNull();

    // A handled event of the same aggregate still goes through the queue to its handler.
    const [handled] = await record(t, noticed.aggregateId, ['after-notice']);
    await waitFor(() => dispatchedAt(t, handled), 'the handled event to be dispatched');
    expect(await queue.getJob(handled)).not.toBeNull();
    expect(await effectsOf(t, noticed.aggregateId)).toEqual([expect.objectContaining({ label: 'after-notice' })]);
  });
});

describe('waking a relay in another process', () => {
  let worker: TestApp;
  let api: TestApp;
  let listener: pg.Client;
  let notifications = 0;

  beforeAll(async () => {
    // The relay polls only once a minute here: prompt publication can only come from the wake-up.
    worker = await startTestApp({ imports: [ProbeModule], setupSql: PROBE_TABLES, env: { OUTBOX_POLL_INTERVAL_MS: '60000' } });
    api = await startTestApp({ imports: [ProbeModule], db: worker.db, env: { APP_ROLE: 'api' } });
    listener = new pg.Client({ connectionString: worker.db.url });
    await listener.connect();
    listener.on('notification', () => (notifications += 1));
    await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    await untilRelayListens(worker);
  });
  afterAll(async () => {
    await listener.end();
    await api.close();
    await worker.close();
  });

  it('sends one NOTIFY for many commits, after they commit, and the relay publishes them', async () => {
    const uow = api.app.get(UnitOfWork);
    const events = Array.from({ length: 30 }, () => new ProbeNoticed(uuidv7()));
    await Promise.all(events.map((event) => uow.record(systemActor('outbox-test'), event)));

    await waitFor(
      async () => {
        const [{ pending }] = await worker.db.query<{ pending: number }>(
          'SELECT count(*)::int AS pending FROM outbox WHERE event_id = ANY($1::uuid[]) AND published_at IS NULL',
          [events.map((e) => e.eventId)],
        );
        return pending === 0;
      },
      'the relay to publish the events',
      { timeoutMs: 20_000 },
    );
    expect(notifications).toBeGreaterThanOrEqual(1);
    // One NOTIFY per commit would serialise the commits (docs/benchmarks.md).
    expect(notifications).toBeLessThan(events.length);
  });
});

describe('delivery across a Redis outage', () => {
  let t: TestApp;
  let redisProxy: TcpProxy;

  beforeAll(async () => {
    const target = new URL(REDIS_URL);
    redisProxy = new TcpProxy(target.hostname, Number(target.port || 6379));
    await redisProxy.start();
    t = await startTestApp({
      imports: [ProbeModule],
      setupSql: PROBE_TABLES,
      env: { REDIS_URL: `redis://127.0.0.1:${redisProxy.port}` },
    });
  });
  afterAll(async () => {
    await redisProxy.start().catch(() => undefined);
    await t.close();
    await redisProxy.stop();
  });

  it('commits while Redis is unreachable, keeps the events in the outbox, and delivers them once Redis is back', async () => {
    await redisProxy.stop();
    await untilQueuesOffline(t);
    const aggregateId = uuidv7();
    const eventIds = await record(t, aggregateId, ['during-outage-1', 'during-outage-2']);

    // Committed, but nothing can leave PostgreSQL while Redis is away: a relay round moves nothing.
    expect(await relayRound(t)).toBe(0);
    const pending = await t.db.query<{ published_at: Date | null }>('SELECT published_at FROM outbox WHERE aggregate_id = $1', [
      aggregateId,
    ]);
    expect(pending).toEqual([{ published_at: null }, { published_at: null }]);
    expect(await effectsOf(t, aggregateId)).toEqual([]);

    await redisProxy.start();
    await waitFor(async () => (await effectsOf(t, aggregateId)).length === 2, 'delivery after Redis returns', {
      timeoutMs: 30_000,
    });
    const effects = await effectsOf(t, aggregateId);
    expect(effects.map((e) => e.event_id)).toEqual(eventIds);
    expect(effects.map((e) => e.label)).toEqual(['during-outage-1', 'during-outage-2']);
  });
});
