import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bull';
import { CommandBus } from '@nestjs/cqrs';
import { uuidv7 } from '@hms/ddd';
import { waitFor } from '@hms/testing';
import type { Queue } from 'bull';
import { DOMAIN_EVENTS_QUEUE } from '../../src/infrastructure/queue/queue-names.js';
import { IMPORTS_QUEUE } from '../../src/modules/hospitals/infrastructure/imports-queue.js';
import { flakyLabels } from '../fixtures/probe/probe-effects.handler.js';
import { ProbeModule, PROBE_TABLES } from '../fixtures/probe/probe.module.js';
import { RecordProbe } from '../fixtures/probe/record-probe.command.js';
import { tokenFor } from '../support/auth.js';
import { TestChildren } from '../support/child-process.js';
import { untilQueuesOffline } from '../support/outbox-relay.js';
import { TestRedisServer } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, generatedCsv } from '../hospitals/support/hospitals-api.js';
import { FAULT_TEST_TIMEOUT_MS } from './support/audit-trail.js';

/** Long enough that a second upload is still waiting for the only import slot when Redis dies. */
const ROWS = 20_000;

/**
 * Redis restarted without persistence comes back empty: every job it held
 * is gone. The work they stood for is in PostgreSQL (the outbox, the batch
 * rows), and the worker hands it out again once it reconnects.
 */
describe('jobs lost with Redis', () => {
  const children = new TestChildren();
  let redis: TestRedisServer;
  let t: TestApp;
  let asAdmin: Api;

  beforeAll(async () => {
    redis = await TestRedisServer.start(children);
    t = await startTestApp({
      imports: [ProbeModule],
      setupSql: PROBE_TABLES,
      env: {
        REDIS_URL: redis.url,
        HOSPITAL_IMPORT_MAX_ROWS: String(ROWS),
        HOSPITAL_IMPORT_MAX_BYTES: '4mb',
        HOSPITAL_IMPORT_CHUNK_SIZE: '100',
        HOSPITAL_IMPORT_CONCURRENCY: '1',
      },
    });
    asAdmin = apiAs(t, await tokenFor(t, 'admin'));
  });
  afterAll(async () => {
    try {
      if (redis && !redis.running) await redis.restart();
      await t?.close();
    } finally {
      flakyLabels.clear();
      await children.killAll();
    }
  });

  const jobState = (queue: string, id: string) =>
    t.app
      .get<Queue>(getQueueToken(queue))
      .getJob(id)
      .then((job) => job?.getState());
  const upload = async (file: Buffer) => {
    const res = await asAdmin.upload(file);
    expect(res.status).toBe(201);
    return res.body.batchId as string;
  };
  const batch = (id: string) =>
    t.db
      .query<{ status: string; processed_rows: number; rows: number; distinct_rows: number }>(
        `SELECT status, processed_rows, (SELECT count(*)::int FROM hospitals WHERE batch_id = b.id) AS rows,
                (SELECT count(DISTINCT batch_row)::int FROM hospitals WHERE batch_id = b.id) AS distinct_rows
           FROM hospital_import_batches b WHERE id = $1`,
        [id],
      )
      .then((rows) => rows[0]);

  it(
    'hands out again an event waiting for a retry and an import waiting for its turn',
    async () => {
      // A handler that keeps failing: its event's job sits in Redis between retries.
      flakyLabels.set('outlives-redis', Number.MAX_SAFE_INTEGER);
      const aggregateId = uuidv7();
      const {
        eventIds: [eventId],
      } = await t.app.get(CommandBus).execute(new RecordProbe(aggregateId, ['outlives-redis']));
      await waitFor(async () => (await jobState(DOMAIN_EVENTS_QUEUE, eventId)) === 'delayed', 'the event to wait for a retry');

      // One import takes the only slot; the next one's job waits in Redis.
      const first = await upload(generatedCsv(ROWS));
      await waitFor(async () => (await batch(first)).rows > 0, 'the first import to start', { timeoutMs: 30_000 });
      const second = await upload(generatedCsv(50, ROWS + 1));
      await waitFor(async () => (await jobState(IMPORTS_QUEUE, second)) === 'waiting', 'the second import to wait its turn');

      await redis.kill();
      await untilQueuesOffline(t);
      await redis.restart();
      // Mended meanwhile: the next delivery succeeds, if one comes.
      flakyLabels.delete('outlives-redis');

      for (const [name, id, rows] of [
        ['first', first, ROWS],
        ['second', second, 50],
      ] as const) {
        await waitFor(async () => (await batch(id)).status !== 'IN_PROGRESS', `the ${name} import to finish`, {
          timeoutMs: 60_000,
          intervalMs: 200,
        });
        expect(await batch(id)).toEqual({ status: 'COMPLETED', processed_rows: rows, rows, distinct_rows: rows });
      }
      await waitFor(
        async () =>
          (await t.db.query('SELECT 1 FROM outbox WHERE event_id = $1 AND dispatched_at IS NOT NULL', [eventId])).length,
        'the event to be dispatched',
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      expect(await t.db.query('SELECT label FROM probe_effects WHERE aggregate_id = $1', [aggregateId])).toEqual([
        { label: 'outlives-redis' },
      ]);
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
