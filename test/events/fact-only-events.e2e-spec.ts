import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import { CommandBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { AccessDenied } from '@hms/authz';
import { systemActor, uuidv7 } from '@hms/ddd';
import { waitFor } from '@hms/testing';
import type { Queue } from 'bull';
import pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { FactOnlyOutboxEvents1796608691102 } from '../../migrations/1796608691102-FactOnlyOutboxEvents.js';
import { createHttpApp } from '../../src/bootstrap.js';
import { UnitOfWork } from '../../src/infrastructure/database/unit-of-work.js';
import { OUTBOX_CHANNEL } from '../../src/infrastructure/events/outbox-signal.js';
import { MetricsService } from '../../src/infrastructure/metrics/metrics.service.js';
import { AUDIT_QUEUE, DOMAIN_EVENTS_QUEUE, type EventJobData } from '../../src/infrastructure/queue/queue-names.js';
import { appendAll, verifyChain } from '../audit/support/audit-store.js';
import { ProbeModule, PROBE_TABLES } from '../fixtures/probe/probe.module.js';
import { RecordProbe } from '../fixtures/probe/record-probe.command.js';
import { relayRound, untilRelayListens } from '../support/outbox-relay.js';
import { TestDatabase } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testConfig, uniqueSuffix } from '../support/test-env.js';

const actor = systemActor('fact-only-test');

function denial(): AccessDenied {
  return new AccessDenied({ userId: uuidv7(), reason: 'missing-permission', permission: 'patients:read', route: '/probe' });
}

/** Records each event on its own, as a read or a refusal does: one statement per event, outside any transaction. */
async function recordEach(t: TestApp, events: readonly AccessDenied[]): Promise<string[]> {
  const uow = t.app.get(UnitOfWork);
  await Promise.all(events.map((event) => uow.record(actor, event)));
  return events.map((event) => event.eventId);
}

async function trail(t: TestApp, eventIds: readonly string[]) {
  const [row] = await t.db.query<{ entries: number; distinct: number; ids: number; outbox: number }>(
    `SELECT (SELECT count(*)::int FROM audit_events WHERE event_id = ANY($1::uuid[])) AS entries,
            (SELECT count(DISTINCT event_id)::int FROM audit_events WHERE event_id = ANY($1::uuid[])) AS distinct,
            (SELECT count(*)::int FROM audit_event_ids WHERE event_id = ANY($1::uuid[])) AS ids,
            (SELECT count(*)::int FROM outbox WHERE event_id = ANY($1::uuid[])) AS outbox`,
    [eventIds],
  );
  return row;
}

async function untilNothingUnaudited(t: TestApp): Promise<void> {
  await waitFor(async () => {
    await appendAll(t);
    const [{ pending }] = await t.db.query<{ pending: number }>(
      'SELECT count(*)::int AS pending FROM outbox WHERE audited_at IS NULL',
    );
    return pending === 0;
  }, 'the events recorded at start-up to be audited');
}

describe('fact-only events between an api process and a worker', () => {
  let worker: TestApp;
  let api: TestApp;

  beforeAll(async () => {
    // The worker's relay polls once a minute and its audit sweep runs once a minute after start: within the
    // test, only a commit's wake-up (NOTIFY -> relay round -> audit job) can bring an event to the writer.
    worker = await startTestApp({ imports: [ProbeModule], setupSql: PROBE_TABLES, env: { OUTBOX_POLL_INTERVAL_MS: '60000' } });
    api = await startTestApp({ imports: [ProbeModule], db: worker.db, env: { APP_ROLE: 'api' } });
    await untilRelayListens(worker);
    // The api's start-up events may have committed before the relay listened: publish them now, so only
    // the test's traffic can move the published count below.
    await waitFor(async () => {
      await relayRound(worker);
      const [{ unpublished }] = await worker.db.query<{ unpublished: number }>(
        'SELECT count(*)::int AS unpublished FROM outbox WHERE published_at IS NULL AND NOT fact_only',
      );
      return unpublished === 0;
    }, 'the events recorded at start-up to be published');
    await untilNothingUnaudited(worker);
  });
  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  it('wakes the audit writer for fact-only traffic alone: chained once, gone from the outbox, never published', async () => {
    const published = async () => (await worker.app.get(MetricsService).outboxPublished.get()).values[0]?.value ?? 0;
    const publishedBefore = await published();
    const eventIds = await recordEach(api, Array.from({ length: 25 }, denial));

    await waitFor(
      async () => (await trail(worker, eventIds)).outbox === 0,
      'the writer to chain the events and delete their rows',
      {
        timeoutMs: 20_000,
      },
    );
    expect(await trail(worker, eventIds)).toEqual({ entries: 25, distinct: 25, ids: 25, outbox: 0 });
    // The relay published nothing and queued nothing for dispatch; it woke the writer through the audit queue.
    expect(await published()).toBe(publishedBefore);
    const jobsIn = async (queue: string) =>
      (await Promise.all(eventIds.map((id) => worker.app.get<Queue<EventJobData>>(getQueueToken(queue)).getJob(id)))).filter(
        (job) => job !== null,
      ).length;
    expect(await jobsIn(DOMAIN_EVENTS_QUEUE)).toBe(0);
    expect(await jobsIn(AUDIT_QUEUE)).toBeGreaterThanOrEqual(1);
    expect(await verifyChain(worker)).toMatchObject({ valid: true, firstBrokenSequence: null });
  });

  it('still dispatches other events to their handlers, and keeps their rows audited until the prune', async () => {
    const aggregateId = uuidv7();
    const { eventIds } = await api.app.get(CommandBus).execute(new RecordProbe(aggregateId, ['kept']));
    const effects = await waitFor(async () => {
      const rows = await worker.db.query<{ event_id: string }>('SELECT event_id FROM probe_effects WHERE aggregate_id = $1', [
        aggregateId,
      ]);
      return rows.length > 0 ? rows : undefined;
    }, 'the handler to run');
    expect(effects).toEqual([{ event_id: eventIds[0] }]);
    const row = await waitFor(async () => {
      const [r] = await worker.db.query<{ fact_only: boolean; dispatched: boolean; audited: boolean }>(
        `SELECT fact_only, dispatched_at IS NOT NULL AS dispatched, audited_at IS NOT NULL AS audited FROM outbox WHERE event_id = $1`,
        [eventIds[0]],
      );
      return r?.dispatched && r.audited ? r : undefined;
    }, 'the event to be dispatched and audited');
    expect(row).toEqual({ fact_only: false, dispatched: true, audited: true });
    expect((await trail(worker, eventIds)).entries).toBe(1);
  });
  it('chains a row that committed late, below the row the running writer was woken for, without waiting for a poll', async () => {
    // The writer's DELETE waits on an advisory lock the test holds: it stops after reading its batch, before committing.
    const BLOCK = 7_260_026;
    await worker.db.query(`CREATE FUNCTION test_block_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_advisory_xact_lock(${BLOCK}); RETURN OLD; END $$`);
    await worker.db.query(
      `CREATE TRIGGER test_block_delete BEFORE DELETE ON outbox FOR EACH ROW EXECUTE FUNCTION test_block_delete()`,
    );
    const blocker = new pg.Client({ connectionString: worker.db.url });
    const late = new pg.Client({ connectionString: worker.db.url });
    await Promise.all([blocker.connect(), late.connect()]);
    try {
      await blocker.query('SELECT pg_advisory_lock($1)', [BLOCK]);
      // The late row takes its id first and commits last.
      await late.query('BEGIN');
      const [lateId] = (
        await late.query<{ event_id: string }>(
          `INSERT INTO outbox (event_id, type, audit_action, audit_outcome, aggregate_type, aggregate_id, aggregate_version,
             occurred_at, actor, correlation_id, payload, fact_only, published_at, dispatched_at)
           VALUES (gen_random_uuid(), 'authz.AccessDenied.v1', 'deny', 'denied', 'User', 'late', 0, now(),
             '{"kind": "system", "id": "late"}', 'late', '{}', true, now(), now())
           RETURNING event_id`,
        )
      ).rows.map((r) => r.event_id);
      const [woken] = await recordEach(api, [denial()]);
      await waitFor(async () => {
        const rows = await worker.db.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event = 'advisory' AND query LIKE 'DELETE FROM outbox%'`,
          [worker.db.name],
        );
        return rows.length > 0;
      }, 'the writer to stop before its commit');
      await late.query('COMMIT');
      // The relay's round for that commit: the newest unaudited row is still the one it woke the writer for.
      await late.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
      await relayRound(worker);
      await blocker.query('SELECT pg_advisory_unlock($1)', [BLOCK]);

      await waitFor(async () => (await trail(worker, [woken, lateId])).outbox === 0, 'both rows to be chained', {
        timeoutMs: 15_000,
      });
      expect(await trail(worker, [woken, lateId])).toEqual({ entries: 2, distinct: 2, ids: 2, outbox: 0 });
    } finally {
      await blocker.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      await late.query('ROLLBACK').catch(() => undefined);
      await Promise.all([blocker.end(), late.end()]);
      await worker.db.query(`DROP TRIGGER IF EXISTS test_block_delete ON outbox`);
    }
  });
});

describe('the audit writer and fact-only rows (api role: no relay, no audit consumer)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule], setupSql: PROBE_TABLES, env: { APP_ROLE: 'api' } });
    await untilNothingUnaudited(t);
  });
  afterAll(() => t.close());

  it('stores them published and dispatched, and deletes them in the transaction that chains them', async () => {
    const [eventId] = await recordEach(t, [denial()]);
    const { eventIds: kept } = await t.app.get(CommandBus).execute(new RecordProbe(uuidv7(), ['kept']));
    const [stored] = await t.db.query<{ fact_only: boolean; published: boolean; dispatched: boolean; audited_at: Date | null }>(
      `SELECT fact_only, published_at IS NOT NULL AS published, dispatched_at IS NOT NULL AS dispatched, audited_at
         FROM outbox WHERE event_id = $1`,
      [eventId],
    );
    expect(stored).toEqual({ fact_only: true, published: true, dispatched: true, audited_at: null });

    await appendAll(t);
    expect(await trail(t, [eventId])).toEqual({ entries: 1, distinct: 1, ids: 1, outbox: 0 });
    // The other event stays, marked audited, for the relay's prune.
    const [other] = await t.db.query<{ fact_only: boolean; audited: boolean }>(
      'SELECT fact_only, audited_at IS NOT NULL AS audited FROM outbox WHERE event_id = $1',
      [kept[0]],
    );
    expect(other).toEqual({ fact_only: false, audited: true });
    expect(await verifyChain(t)).toMatchObject({ valid: true });
  });

  it('leaves them in the outbox when the writer dies between chaining and commit, and chains them once later', async () => {
    const eventIds = await recordEach(t, [denial(), denial(), denial()]);
    const [{ head: headBefore }] = await t.db.query<{ head: number }>('SELECT last_sequence::int AS head FROM audit_chain_head');
    // Another session holds one of the rows, so the writer stops at its DELETE: entries inserted, head moved, not committed.
    const holder = new pg.Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM outbox WHERE event_id = $1 FOR UPDATE', [eventIds[1]]);
      const appending = appendAll(t);
      appending.catch(() => undefined);
      const [{ pid }] = await waitFor(async () => {
        const rows = await t.db.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM outbox WHERE id = ANY%'`,
          [t.db.name],
        );
        return rows.length > 0 ? rows : undefined;
      }, 'the writer to wait at its DELETE');
      expect(await trail(t, eventIds)).toEqual({ entries: 0, distinct: 0, ids: 0, outbox: 3 });
      // Its connection dies as it would with its process.
      await t.db.query('SELECT pg_terminate_backend($1)', [pid]);
      await expect(appending).rejects.toThrow();
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }

    // Nothing of the batch was kept: the rows wait in the outbox, unaudited, and the head did not move.
    expect(await trail(t, eventIds)).toEqual({ entries: 0, distinct: 0, ids: 0, outbox: 3 });
    const [{ head }] = await t.db.query<{ head: number }>('SELECT last_sequence::int AS head FROM audit_chain_head');
    expect(head).toBe(headBefore);

    await appendAll(t);
    expect(await trail(t, eventIds)).toEqual({ entries: 3, distinct: 3, ids: 3, outbox: 0 });
    expect(await verifyChain(t)).toMatchObject({ valid: true, firstBrokenSequence: null });
  });

  it('refuses a fact-only row that would wait for the relay', async () => {
    await expect(
      t.db.query(
        `INSERT INTO outbox (event_id, type, audit_action, audit_outcome, aggregate_type, aggregate_id, aggregate_version,
           occurred_at, actor, correlation_id, payload, fact_only)
         VALUES ($1, 'test.Unpublished.v1', 'read', 'success', 'Probe', 'p', 0, now(), '{}', 'c', '{}', true)`,
        [uuidv7()],
      ),
    ).rejects.toThrow(/outbox_fact_only_delivered_check/);
  });
});

@EventsHandler(AccessDenied)
class ReactToDenial implements IEventHandler<AccessDenied> {
  handle(): void {}
}

@Module({ providers: [ReactToDenial] })
class DenialSubscriberModule {}

describe('a handler subscribing to a fact-only event', () => {
  it('stops the application at start-up', async () => {
    const db = await TestDatabase.create();
    try {
      const config = testConfig({ DATABASE_URL: db.url, QUEUE_PREFIX: `hms-test-${uniqueSuffix()}` });
      const app = await createHttpApp(config, { imports: [DenialSubscriberModule] });
      try {
        await expect(app.init()).rejects.toThrow(
          'ReactToDenial handles authz.AccessDenied.v1, which is fact-only: no handler may subscribe to it',
        );
      } finally {
        await app.close();
      }
    } finally {
      await db.drop();
    }
  });
});

describe('the FactOnlyOutboxEvents migration', () => {
  it('keeps the rows already in the outbox on the lifecycle they were written for, and reverts', async () => {
    const db = await TestDatabase.create();
    const runner = { query: (sql: string, params?: unknown[]) => db.query(sql, params) } as unknown as QueryRunner;
    const migration = new FactOnlyOutboxEvents1796608691102();
    const indexes = async () =>
      (
        await db.query<{ indexname: string }>(
          `SELECT indexname FROM pg_indexes WHERE tablename = 'outbox' AND indexname LIKE '%created_at%' ORDER BY 1`,
        )
      ).map((r) => r.indexname);
    try {
      await migration.down(runner);
      expect(await indexes()).toEqual(['outbox_created_at_idx']);
      const [{ event_id: eventId }] = await db.query<{ event_id: string }>(
        `INSERT INTO outbox (event_id, type, audit_action, audit_outcome, aggregate_type, aggregate_id, aggregate_version,
           occurred_at, actor, correlation_id, payload)
         VALUES (gen_random_uuid(), 'authz.AccessDenied.v1', 'deny', 'denied', 'User', 'u', 0, now(), '{}', 'c', '{}')
         RETURNING event_id`,
      );

      await migration.up(runner);
      // Written before fact-only rows existed: published, dispatched, audited and pruned as it would have been.
      expect(
        await db.query('SELECT fact_only, published_at, dispatched_at, audited_at FROM outbox WHERE event_id = $1', [eventId]),
      ).toEqual([{ fact_only: false, published_at: null, dispatched_at: null, audited_at: null }]);
      expect(await indexes()).toEqual(['outbox_prunable_created_at_idx']);

      await migration.down(runner);
      expect(await indexes()).toEqual(['outbox_created_at_idx']);
      expect(
        await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'outbox' AND column_name = 'fact_only'`),
      ).toEqual([]);
      await migration.up(runner);
    } finally {
      await db.drop();
    }
  });
});
