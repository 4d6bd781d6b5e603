import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@hms/testing';
import { AUDIT_BATCH_SIZE } from '../../src/modules/audit/infrastructure/audit-writer.js';
import { tokenFor } from '../support/auth.js';
import { TestChildren } from '../support/child-process.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { spawnWorkerProcess, startWorkerProcess, type WorkerEnv } from '../support/worker-process.js';
import { insertOutboxEvents } from '../audit/support/audit-store.js';
import { COMMITTED_EVENTS_LEDGER, expectAuditedOnce, FAULT_TEST_TIMEOUT_MS } from './support/audit-trail.js';

/** A backlog the writer needs several seconds to drain, in batches of AUDIT_BATCH_SIZE: half of it fact-only. */
const BACKLOG = 20_000;
const VERSIONED = BACKLOG / 2;

/**
 * A real worker process (APP_ROLE=worker) is SIGKILLed while it drains an
 * audit backlog, and a new one finishes it: each batch is one transaction
 * under the chain head's lock, so the dead worker left whole batches and
 * nothing else, and the new one carries on from the head it committed.
 * Fact-only rows leave the outbox in the transaction that chains them
 * (ADR 26): a batch the kill cut short leaves them there, to be chained once
 * by the next worker.
 */
describe('a worker killed in the middle of an audit backlog drain', () => {
  const children = new TestChildren();
  let api: TestApp;
  let workerEnv: WorkerEnv;

  beforeAll(async () => {
    api = await startTestApp({ env: { APP_ROLE: 'api' }, setupSql: COMMITTED_EVENTS_LEDGER });
    workerEnv = {
      DATABASE_URL: api.db.url,
      QUEUE_PREFIX: api.config.queue.prefix,
      STORAGE_DIR: api.config.storage.localDir,
      QUEUE_LOCK_DURATION_MS: '5000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
    };
  });
  afterAll(async () => {
    await children.killAll();
    await api?.close();
  });

  const progress = async () =>
    (
      await api.db.query<{ entries: number; released: number; head: number }>(
        `SELECT (SELECT count(*)::int FROM audit_events) AS entries,
                (SELECT count(*)::int FROM outbox WHERE audited_at IS NOT NULL)
                  + (SELECT count(*)::int FROM committed_events c WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = c.event_id))
                  AS released,
                (SELECT last_sequence::int FROM audit_chain_head) AS head`,
      )
    )[0];

  it(
    'stores every committed event exactly once, in a chain that verifies',
    async () => {
      const auditor = await tokenFor(api, 'auditor');
      // Committed while no worker runs, interleaved. Versioned: an event stored twice would also claim its version twice.
      // Fact-only: an event stored twice would be chained twice, or not at all if its row left before its entry committed.
      const eventIds: string[] = [];
      for (let part = 0; part < 10; part++) {
        const prefix = `backlog-${part}`;
        eventIds.push(
          ...(await insertOutboxEvents(api, VERSIONED / 10, { prefix, aggregateType: 'Backlog', version: 1 })),
          ...(await insertOutboxEvents(api, VERSIONED / 10, { prefix, aggregateType: 'Glance', factOnly: true })),
        );
      }
      const [{ committed }] = await api.db.query<{ committed: number }>(
        'SELECT count(*)::int AS committed FROM committed_events',
      );
      expect(eventIds).toHaveLength(BACKLOG);

      // The worker's start-up sweep begins the drain at once, before its probes answer: watch from its spawn.
      const first = await spawnWorkerProcess(children, workerEnv);
      await waitFor(async () => (await progress()).entries >= BACKLOG / 10, 'the worker to store a tenth of the backlog', {
        timeoutMs: 30_000,
        intervalMs: 10,
      });
      expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

      // It died mid-drain: whole batches stored, each outbox row marked (or, fact-only, gone) exactly when its entry
      // exists, the rest pending.
      const partial = await progress();
      expect(partial.entries).toBeGreaterThan(0);
      expect(partial.entries).toBeLessThan(committed);
      expect(partial.entries % AUDIT_BATCH_SIZE).toBe(0);
      expect(partial).toEqual({ entries: partial.entries, released: partial.entries, head: partial.entries });
      const [stillThere] = await api.db.query<{ factOnly: number }>(
        `SELECT count(*)::int AS "factOnly" FROM outbox WHERE fact_only`,
      );
      expect(stillThere.factOnly).toBeGreaterThan(0);

      await startWorkerProcess(children, workerEnv);
      const tally = await expectAuditedOnce(api, auditor);
      expect(tally.committed).toBeGreaterThan(committed);
      // Each backlog event holds its aggregate version itself: no entry of it was ever stored before.
      const [{ held }] = await api.db.query<{ held: number }>(
        `SELECT count(*)::int AS held FROM audit_events a JOIN audit_aggregate_versions v
           ON (v.aggregate_type, v.aggregate_id, v.aggregate_version, v.sequence) = (a.resource_type, a.resource_id, a.aggregate_version, a.sequence)
        WHERE a.resource_type = 'Backlog'`,
      );
      expect(held).toBe(VERSIONED);
      const [{ glances }] = await api.db.query<{ glances: number }>(
        `SELECT count(DISTINCT event_id)::int AS glances FROM audit_events WHERE resource_type = 'Glance'`,
      );
      expect(glances).toBe(BACKLOG - VERSIONED);
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
