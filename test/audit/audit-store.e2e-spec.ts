import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bull';
import { CommandBus } from '@nestjs/cqrs';
import { uuidv7 } from '@hms/ddd';
import { TcpProxy, waitFor } from '@hms/testing';
import type { Queue } from 'bull';
import pg from 'pg';
import { OutboxRelay } from '../../src/infrastructure/events/outbox-relay.js';
import { MetricsService } from '../../src/infrastructure/metrics/metrics.service.js';
import { AUDIT_QUEUE, type EventJobData } from '../../src/infrastructure/queue/queue-names.js';
import { AuditWriter } from '../../src/modules/audit/infrastructure/audit-writer.js';
import { ProbeModule, PROBE_TABLES } from '../fixtures/probe/probe.module.js';
import { RecordProbe } from '../fixtures/probe/record-probe.command.js';
import { relayRound, untilQueuesOffline } from '../support/outbox-relay.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { REDIS_URL, TEST_KEYS } from '../support/test-env.js';
import { appendAll, insertOutboxEvents, verifyChain } from './support/audit-store.js';

interface StoredEntry {
  sequence: string;
  event_id: string;
  type: string;
  action: string;
  outcome: string;
  resource_type: string;
  resource_id: string;
  aggregate_version: number;
  key_id: string | null;
  actor: Record<string, unknown>;
  actor_id: string;
  correlation_id: string;
  change: Record<string, unknown>;
  partition: string;
}

async function entriesOf(t: TestApp, eventIds: readonly string[]): Promise<StoredEntry[]> {
  return t.db.query<StoredEntry>(
    `SELECT sequence, key_id, event_id, type, action, outcome, resource_type, resource_id, aggregate_version, actor, actor_id,
            correlation_id, change, tableoid::regclass::text AS partition
       FROM audit_events WHERE event_id = ANY($1::uuid[]) ORDER BY sequence`,
    [eventIds],
  );
}

async function recordProbe(t: TestApp, aggregateId: string, labels: string[]): Promise<string[]> {
  const { eventIds } = await t.app.get(CommandBus).execute(new RecordProbe(aggregateId, labels));
  return eventIds;
}

/** Fails with the database's message when the statement is not refused. */
async function refused(t: TestApp, sql: string): Promise<string> {
  try {
    await t.db.query(sql);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`not refused: ${sql}`);
}

describe('the audit store', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule], setupSql: PROBE_TABLES });
  });
  afterAll(() => t.close());

  it('appends each committed event with its actor, resource, version, action and payload, in a chain that verifies', async () => {
    const aggregateId = uuidv7();
    const eventIds = await recordProbe(t, aggregateId, ['first', 'second']);
    await appendAll(t);

    const entries = await entriesOf(t, eventIds);
    expect(entries).toEqual([
      expect.objectContaining({
        event_id: eventIds[0],
        type: 'test.ProbeRecorded.v2',
        action: 'execute',
        outcome: 'success',
        resource_type: 'Probe',
        resource_id: aggregateId,
        aggregate_version: 1,
        // Signed with the keyring's first key, which the entry names.
        key_id: TEST_KEYS.AUDIT_HMAC_KEYS.split(':')[0],
        actor: { kind: 'system', id: 'probe-test', roles: [], sessionRef: null, ip: null, userAgent: null },
        actor_id: 'probe-test',
        change: { label: 'first' },
      }),
      expect.objectContaining({ event_id: eventIds[1], aggregate_version: 2, change: { label: 'second' } }),
    ]);
    expect(Number(entries[1].sequence)).toBe(Number(entries[0].sequence) + 1);
    // This month has a partition of its own (created by the migration and by the worker at start).
    expect(entries[0].partition).toMatch(/^audit_events_y\d{4}m\d{2}$/);
    const [outbox] = await t.db.query<{ audited: number }>(
      `SELECT count(*)::int AS audited FROM outbox WHERE event_id = ANY($1::uuid[]) AND audited_at IS NOT NULL`,
      [eventIds],
    );
    expect(outbox.audited).toBe(2);
    expect(await verifyChain(t)).toMatchObject({ valid: true, firstBrokenSequence: null });
  });

  it('stores a redelivered event once: repeated runs, repeated jobs, and lost audited marks', async () => {
    const eventIds = await recordProbe(t, uuidv7(), ['redelivered-1', 'redelivered-2']);
    await appendAll(t);
    await appendAll(t);

    // The same events handed to the audit queue again under new job ids, as a redelivery would.
    const queue = t.app.get<Queue<EventJobData>>(getQueueToken(AUDIT_QUEUE));
    const jobs = await Promise.all(
      eventIds.map((eventId) =>
        queue.add(
          {
            eventId,
            outboxId: '0',
            type: 'test.ProbeRecorded.v2',
            aggregateType: 'Probe',
            aggregateId: 'x',
            aggregateVersion: 0,
            correlationId: 'c',
          },
          { jobId: `${eventId}:again:${uuidv7()}`, attempts: 1 },
        ),
      ),
    );
    await Promise.all(jobs.map((job) => job.finished()));

    // The outbox forgets that they were audited (a crash between commit and mark cannot do this, but a hand can).
    await t.db.query(`UPDATE outbox SET audited_at = NULL WHERE event_id = ANY($1::uuid[])`, [eventIds]);
    await appendAll(t);

    expect((await entriesOf(t, eventIds)).map((e) => e.event_id)).toEqual(eventIds);
    const ids = await t.db.query(`SELECT event_id FROM audit_event_ids WHERE event_id = ANY($1::uuid[])`, [eventIds]);
    expect(ids).toHaveLength(2);
    const [marks] = await t.db.query<{ unaudited: number }>(
      `SELECT count(*)::int AS unaudited FROM outbox WHERE event_id = ANY($1::uuid[]) AND audited_at IS NULL`,
      [eventIds],
    );
    expect(marks.unaudited).toBe(0);
    expect(await verifyChain(t)).toMatchObject({ valid: true });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on every audit table and partition', async () => {
    await recordProbe(t, uuidv7(), ['protected']);
    await appendAll(t);
    const [{ partition }] = await t.db.query<{ partition: string }>(
      `SELECT tableoid::regclass::text AS partition FROM audit_events ORDER BY sequence DESC LIMIT 1`,
    );
    const refusals = [
      `UPDATE audit_events SET reason = 'edited'`,
      `DELETE FROM audit_events`,
      `TRUNCATE audit_events`,
      `UPDATE ${partition} SET reason = 'edited'`,
      `DELETE FROM ${partition}`,
      `TRUNCATE ${partition}`,
      `TRUNCATE audit_events_default`,
      `UPDATE audit_event_ids SET sequence = sequence + 1000000`,
      `DELETE FROM audit_event_ids`,
      `TRUNCATE audit_event_ids`,
      `UPDATE audit_aggregate_versions SET sequence = 0`,
      `DELETE FROM audit_aggregate_versions`,
      `TRUNCATE audit_aggregate_versions`,
      `DELETE FROM audit_chain_head`,
      `TRUNCATE audit_chain_head`,
    ];
    for (const sql of refusals) expect([sql, await refused(t, sql)]).toEqual([sql, expect.stringContaining('append-only')]);
    // The head moves forward only.
    expect(await refused(t, `UPDATE audit_chain_head SET last_sequence = 0`)).toContain('only moves forward');
    expect(await verifyChain(t)).toMatchObject({ valid: true });
  });

  it('leaves no gap and no duplicate when a writer dies mid-run, and the next run completes the work', async () => {
    const eventIds = await insertOutboxEvents(t, 3_000, { prefix: `crash-${uuidv7()}` });
    const poison = eventIds[1_500];
    // A fault injected as the superuser: the batch holding this event fails like a crash, after earlier batches committed.
    await t.db.query(`
      CREATE FUNCTION test_audit_crash() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.event_id = '${poison}' THEN RAISE EXCEPTION 'simulated crash'; END IF;
        RETURN NEW;
      END $$`);
    await t.db.query(
      `CREATE TRIGGER test_audit_crash BEFORE INSERT ON audit_event_ids FOR EACH ROW EXECUTE FUNCTION test_audit_crash()`,
    );
    try {
      await expect(appendAll(t)).rejects.toThrow('simulated crash');
      const [state] = await t.db.query<{ stored: number; marked: number; both: number }>(
        `SELECT count(e.event_id)::int AS stored, count(o.audited_at)::int AS marked,
                count(*) FILTER (WHERE e.event_id IS NOT NULL AND o.audited_at IS NOT NULL)::int AS both
           FROM outbox o LEFT JOIN audit_event_ids e ON e.event_id = o.event_id
          WHERE o.event_id = ANY($1::uuid[])`,
        [eventIds],
      );
      // Whole batches or nothing: every stored event is marked in the outbox and the other way round.
      expect(state.stored).toBe(state.marked);
      expect(state.both).toBe(state.stored);
      expect(state.stored).toBeLessThan(eventIds.length);
      expect(await entriesOf(t, [poison])).toEqual([]);
      expect(await verifyChain(t)).toMatchObject({ valid: true });
    } finally {
      await t.db.query(`DROP TRIGGER test_audit_crash ON audit_event_ids`);
      await t.db.query(`DROP FUNCTION test_audit_crash()`);
    }

    await appendAll(t);
    const [after] = await t.db.query<{ n: number; distinct_events: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct_events FROM audit_events WHERE event_id = ANY($1::uuid[])`,
      [eventIds],
    );
    expect(after).toEqual({ n: eventIds.length, distinct_events: eventIds.length });
    const [chain] = await t.db.query<{ n: number; max: string }>(
      `SELECT count(*)::int AS n, max(sequence) AS max FROM audit_events`,
    );
    expect(Number(chain.max)).toBe(chain.n);
    expect(await verifyChain(t)).toMatchObject({ valid: true, checked: chain.n });
  });

  it('keeps an event whose month has no partition in the default partition', async () => {
    const [eventId] = await insertOutboxEvents(t, 1, { prefix: `old-${uuidv7()}`, occurredAt: '2001-02-03T04:05:06.789Z' });
    await appendAll(t);
    const [entry] = await entriesOf(t, [eventId]);
    expect(entry.partition).toBe('audit_events_default');
    expect(await verifyChain(t)).toMatchObject({ valid: true });
  });

  it('registers each aggregate version once; a second claim is still audited, and counted', async () => {
    const aggregate = `dup-${uuidv7()}`;
    const [first] = await insertOutboxEvents(t, 1, { prefix: aggregate, aggregateType: 'Duplicated', version: 1 });
    const [second] = await insertOutboxEvents(t, 1, { prefix: aggregate, aggregateType: 'Duplicated', version: 1 });
    const conflicts = t.app.get(MetricsService).registry.getSingleMetric('audit_version_conflicts_total')!;
    const before = (await conflicts.get()).values[0]?.value ?? 0;
    await appendAll(t);

    const entries = await entriesOf(t, [first, second]);
    expect(entries.map((e) => e.event_id)).toEqual([first, second]);
    const versions = await t.db.query<{ sequence: string }>(
      `SELECT sequence FROM audit_aggregate_versions WHERE aggregate_type = 'Duplicated' AND aggregate_id = $1`,
      [`${aggregate}-1`],
    );
    expect(versions).toEqual([{ sequence: entries[0].sequence }]);
    expect((await conflicts.get()).values[0].value - before).toBe(1);
    expect(
      await t.db
        .query(`INSERT INTO audit_aggregate_versions VALUES ('Duplicated', $1, 1, 1)`, [`${aggregate}-1`])
        .catch((e: Error) => e.message),
    ).toMatch(/duplicate key/);
  });

  it('gives the full history of a record back in version order', async () => {
    const aggregateId = uuidv7();
    await recordProbe(t, aggregateId, ['a', 'b']);
    await recordProbe(t, aggregateId, ['c']);
    await appendAll(t);
    const history = await t.db.query<{ aggregate_version: number; label: string }>(
      `SELECT aggregate_version, change->>'label' AS label FROM audit_events
        WHERE resource_type = 'Probe' AND resource_id = $1 ORDER BY sequence`,
      [aggregateId],
    );
    expect(history).toEqual([
      { aggregate_version: 1, label: 'a' },
      { aggregate_version: 2, label: 'b' },
      { aggregate_version: 3, label: 'c' },
    ]);
  });

  it('keeps outbox rows that are not audited yet when the relay prunes', async () => {
    // Hold the chain head, so no writer audits the kept row before the prune runs.
    const blocker = new pg.Client({ connectionString: t.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM audit_chain_head WHERE id = 1 FOR UPDATE');
      const [kept] = await insertOutboxEvents(t, 1, { prefix: `prune-${uuidv7()}` });
      const [pruned] = await insertOutboxEvents(t, 1, { prefix: `prune-${uuidv7()}` });
      await t.db.query(
        `UPDATE outbox SET created_at = now() - interval '400 days', published_at = now(), dispatched_at = now(),
                audited_at = CASE WHEN event_id = $2 THEN now() END
          WHERE event_id IN ($1, $2)`,
        [kept, pruned],
      );
      // Its private prune, called now instead of at the next hourly turn.
      const relay = t.app.get<OutboxRelay, { lastPrune: number; pruneIfDue(): Promise<void> }>(OutboxRelay);
      relay.lastPrune = 0;
      await relay.pruneIfDue();
      const left = await t.db.query<{ event_id: string }>(`SELECT event_id FROM outbox WHERE event_id IN ($1, $2)`, [
        kept,
        pruned,
      ]);
      expect(left).toEqual([{ event_id: kept }]);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
  });

  it('counts appended events and reports the append lag', async () => {
    const metrics = t.app.get(MetricsService);
    const appended = metrics.registry.getSingleMetric('audit_events_appended_total')!;
    const before = (await appended.get()).values[0].value;
    // While the head is held, new rows wait unaudited, and the lag shows their age.
    const blocker = new pg.Client({ connectionString: t.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM audit_chain_head WHERE id = 1 FOR UPDATE');
      await insertOutboxEvents(t, 3, { prefix: `metric-${uuidv7()}` });
      await t.db.query(`UPDATE outbox SET created_at = now() - interval '120 seconds' WHERE audited_at IS NULL`);
      const text = await metrics.registry.metrics();
      const lag = Number(/^audit_append_lag_seconds (\S+)$/m.exec(text)?.[1]);
      expect(lag).toBeGreaterThanOrEqual(120);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    await appendAll(t);
    expect((await appended.get()).values[0].value - before).toBeGreaterThanOrEqual(3);
    expect(/^audit_append_lag_seconds (\S+)$/m.exec(await metrics.registry.metrics())?.[1]).toBe('0');
  });
});

describe('two writers over one database', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp({ db: first.db });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('never fork the chain: every event once, sequences contiguous, the chain verifies', async () => {
    const eventIds = await insertOutboxEvents(first, 5_000, { prefix: `race-${uuidv7()}` });
    const [a, b] = await Promise.all([first.app.get(AuditWriter).appendPending(), second.app.get(AuditWriter).appendPending()]);
    // Each writer took whole batches while it held the head; the queues' own wake-ups may have taken some too.
    expect(a + b).toBeLessThanOrEqual(eventIds.length);

    const [stored] = await first.db.query<{ n: number; distinct_events: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct_events FROM audit_events WHERE event_id = ANY($1::uuid[])`,
      [eventIds],
    );
    expect(stored).toEqual({ n: eventIds.length, distinct_events: eventIds.length });
    const [chain] = await first.db.query<{ n: number; distinct_sequences: number; max: string; head: string }>(
      `SELECT count(*)::int AS n, count(DISTINCT sequence)::int AS distinct_sequences, max(sequence) AS max,
              (SELECT last_sequence FROM audit_chain_head) AS head
         FROM audit_events`,
    );
    expect(chain.distinct_sequences).toBe(chain.n);
    expect(Number(chain.max)).toBe(chain.n);
    expect(chain.head).toBe(chain.max);
    expect(await verifyChain(first)).toMatchObject({ valid: true, checked: chain.n });
  });
});

describe('auditing across a Redis outage', () => {
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
    // The worker's start-up sweep has run; from here on only the audit queue wakes the writer.
    await appendAll(t);
  });
  afterAll(async () => {
    await redisProxy.start().catch(() => undefined);
    await t.close();
    await redisProxy.stop();
  });

  it('audits an event committed while Redis is unreachable once Redis returns, exactly once', async () => {
    await redisProxy.stop();
    await untilQueuesOffline(t);
    const eventIds = await recordProbe(t, uuidv7(), ['during-outage']);
    // A relay round with Redis away publishes nothing, so no audit job wakes the writer.
    expect(await relayRound(t)).toBe(0);
    expect(await entriesOf(t, eventIds)).toEqual([]);

    await redisProxy.start();
    await waitFor(async () => (await entriesOf(t, eventIds)).length === 1, 'the event in the audit store after Redis returns', {
      timeoutMs: 30_000,
    });
    expect((await entriesOf(t, eventIds)).map((e) => e.change)).toEqual([{ label: 'during-outage' }]);
    expect(await verifyChain(t)).toMatchObject({ valid: true });
  });
});
