import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IntakeBatchReceived } from '../../src/modules/intake/index.js';
import { TestChildren } from '../support/child-process.js';
import { untilQueuesOffline } from '../support/outbox-relay.js';
import { TestRedisServer } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { givenReceiver, intakeRecord, type Receiver, settledBatch } from '../intake/support/intake-api.js';
import { FAULT_TEST_TIMEOUT_MS } from './support/audit-trail.js';

/**
 * A feed sent while Redis is dead (issue 18): the file is stored and the
 * batch committed with its event, which waits in the outbox; once Redis is
 * back (empty, no persistence) the batch is queued and applied.
 */
describe('an intake feed sent with Redis down', () => {
  const children = new TestChildren();
  let redis: TestRedisServer;
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    redis = await TestRedisServer.start(children);
    t = await startTestApp({ env: { REDIS_URL: redis.url, RATE_LIMIT_MAX: '100000' } });
    receiver = await givenReceiver(t);
  });
  afterAll(async () => {
    try {
      if (redis && !redis.running) await redis.restart();
      await t?.close();
    } finally {
      await children.killAll();
    }
  });

  it(
    'stores and commits the batch at once, and applies it when Redis returns',
    async () => {
      await redis.kill();
      await untilQueuesOffline(t);
      const records = [intakeRecord(), intakeRecord(), intakeRecord()];
      const res = await receiver.asOfficer.post(`/ingest?hospitalId=${receiver.hospitalId}`).send(records);
      expect(res.status).toBe(202);
      const batchId = res.body.batchId as string;
      const [batch] = await t.db.query<{ status: string; published: boolean }>(
        `SELECT b.status, o.published_at IS NOT NULL AS published
           FROM intake_batches b JOIN outbox o ON o.aggregate_id = b.id::text AND o.type = $2
          WHERE b.id = $1`,
        [batchId, IntakeBatchReceived.TYPE],
      );
      expect(batch).toEqual({ status: 'received', published: false });

      await redis.restart();
      const settled = await settledBatch(receiver.asOfficer, batchId, 60_000);
      expect(settled.status).toBe('completed');
      expect(settled.counters).toMatchObject({ records: 3, patientsCreated: 3, visitsAdded: 3, errors: 0 });
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
