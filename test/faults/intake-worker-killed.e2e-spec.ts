import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@hms/testing';
import { bearer } from '../support/auth.js';
import { TestChildren } from '../support/child-process.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startWorkerProcess, type WorkerEnv } from '../support/worker-process.js';
import { givenReceiver, type Receiver, settledBatch } from '../intake/support/intake-api.js';
import { FAULT_TEST_TIMEOUT_MS } from './support/audit-trail.js';

/** Enough records, in small enough chunks, that the worker is reliably caught half-way. */
const RECORDS = 2_000;
const CHUNK = 20;

/**
 * A real worker process (APP_ROLE=worker) is SIGKILLed while it applies an
 * intake batch, and a new one finishes it: Bull hands the dead worker's job
 * on once its lock lapses, and the processor resumes after the last
 * committed chunk, so no patient and no visit is written twice (issue 18).
 */
describe('a worker killed in the middle of an intake batch', () => {
  const children = new TestChildren();
  let api: TestApp;
  let receiver: Receiver;
  let workerEnv: WorkerEnv;

  beforeAll(async () => {
    api = await startTestApp({ env: { APP_ROLE: 'api' } });
    receiver = await givenReceiver(api);
    workerEnv = {
      DATABASE_URL: api.db.url,
      QUEUE_PREFIX: api.config.queue.prefix,
      STORAGE_DIR: api.config.storage.localDir,
      INGEST_CHUNK_SIZE: String(CHUNK),
      QUEUE_LOCK_DURATION_MS: '5000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
    };
  });
  afterAll(async () => {
    await children.killAll();
    await api?.close();
  });

  const written = async (batchId: string) =>
    (
      await api.db.query<{ done: number; outcomes: number; identifiers: number; visits: number; distinct_visits: number }>(
        `SELECT (SELECT records_done FROM intake_batches WHERE id = $1) AS done,
                (SELECT count(*)::int FROM intake_records WHERE batch_id = $1) AS outcomes,
                (SELECT count(*)::int FROM patient_identifiers WHERE assigner_hospital_id = $2) AS identifiers,
                (SELECT count(*)::int FROM encounters WHERE hospital_id = $2) AS visits,
                (SELECT count(DISTINCT account_number)::int FROM encounters WHERE hospital_id = $2) AS distinct_visits`,
        [batchId, receiver.hospitalId],
      )
    )[0];

  it(
    'applies every record exactly once: one patient per MRN, one visit per number, every outcome counted once',
    async () => {
      const first = await startWorkerProcess(children, workerEnv);
      const header = 'mrn,first_name,last_name,birth_date,visit_account_number,visit_date,reason\r\n';
      const rows = Array.from(
        { length: RECORDS },
        (_, i) =>
          `MRN-K${i},Kil${String.fromCharCode(97 + (i % 26))},Person${i % 97},1970-01-${String((i % 28) + 1).padStart(2, '0')},VK-${i},2026-02-01,checkup\r\n`,
      );
      const upload = await api
        .http()
        .post(`/api/v1/ingest/csv?hospitalId=${receiver.hospitalId}`)
        .set('Authorization', bearer(receiver.officer.accessToken))
        .attach('file', Buffer.from(header + rows.join('')), { filename: 'feed.csv', contentType: 'text/csv' });
      expect(upload.status).toBe(202);
      const batchId = upload.body.batchId as string;

      await waitFor(async () => (await written(batchId)).done >= RECORDS / 10, 'the worker to apply a tenth of the records', {
        timeoutMs: 60_000,
        intervalMs: 10,
      });
      expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

      // Chunks commit whole: what is written is exactly what the batch counts as done.
      const partial = await written(batchId);
      expect(partial.done).toBeLessThan(RECORDS);
      expect(partial.done % CHUNK).toBe(0);
      expect(partial).toEqual({
        done: partial.done,
        outcomes: partial.done,
        identifiers: partial.done,
        visits: partial.done,
        distinct_visits: partial.done,
      });

      await startWorkerProcess(children, workerEnv);
      const batch = await settledBatch(receiver.asOfficer, batchId, 120_000);
      expect(batch.status).toBe('completed');
      expect(batch.counters).toEqual({
        records: RECORDS,
        patientsCreated: RECORDS,
        patientsUpdated: 0,
        patientsUnchanged: 0,
        visitsAdded: RECORDS,
        duplicatesSkipped: 0,
        errors: 0,
      });
      expect(await written(batchId)).toEqual({
        done: RECORDS,
        outcomes: RECORDS,
        identifiers: RECORDS,
        visits: RECORDS,
        distinct_visits: RECORDS,
      });
      const processed = await api.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox WHERE aggregate_id = $1 AND type = 'intake.IntakeBatchProcessed.v1'`,
        [batchId],
      );
      expect(processed[0].n).toBe(1);
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
