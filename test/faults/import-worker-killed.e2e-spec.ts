import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bull';
import { waitFor } from '@hms/testing';
import type { Queue } from 'bull';
import { IMPORTS_QUEUE } from '../../src/modules/hospitals/infrastructure/imports-queue.js';
import { tokenFor } from '../support/auth.js';
import { TestChildren } from '../support/child-process.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startWorkerProcess, type WorkerEnv } from '../support/worker-process.js';
import { apiAs, generatedCsv, waitForBatch } from '../hospitals/support/hospitals-api.js';
import { COMMITTED_EVENTS_LEDGER, expectAuditedOnce, FAULT_TEST_TIMEOUT_MS } from './support/audit-trail.js';

/** Enough rows, in small enough chunks, that the worker is reliably caught half-way. */
const ROWS = 20_000;
const CHUNK = 100;

/**
 * A real worker process (APP_ROLE=worker) is SIGKILLed while it stores an
 * import, and a new one finishes it: Bull hands the dead worker's job on once
 * its lock lapses, and the processor resumes after the last committed chunk.
 */
describe('a worker killed in the middle of a hospital CSV import', () => {
  const children = new TestChildren();
  let api: TestApp;
  let workerEnv: WorkerEnv;

  beforeAll(async () => {
    const limits = { HOSPITAL_IMPORT_MAX_ROWS: String(ROWS), HOSPITAL_IMPORT_MAX_BYTES: '4mb' };
    // HTTP only: every job and every relay round runs in the worker processes.
    api = await startTestApp({ env: { APP_ROLE: 'api', ...limits }, setupSql: COMMITTED_EVENTS_LEDGER });
    workerEnv = {
      DATABASE_URL: api.db.url,
      QUEUE_PREFIX: api.config.queue.prefix,
      STORAGE_DIR: api.config.storage.localDir,
      ...limits,
      HOSPITAL_IMPORT_CHUNK_SIZE: String(CHUNK),
      // A dead worker's job is handed on seconds after its death rather than a minute.
      QUEUE_LOCK_DURATION_MS: '5000',
      QUEUE_STALLED_INTERVAL_MS: '1000',
    };
  });
  afterAll(async () => {
    await children.killAll();
    await api?.close();
  });

  const storedRows = async (batchId: string) =>
    (
      await api.db.query<{ rows: number; distinct_rows: number; distinct_names: number; first: number; last: number }>(
        `SELECT count(*)::int AS rows, count(DISTINCT batch_row)::int AS distinct_rows, count(DISTINCT name)::int AS distinct_names,
                min(batch_row)::int AS first, max(batch_row)::int AS last
           FROM hospitals WHERE batch_id = $1`,
        [batchId],
      )
    )[0];
  const batchRow = async (batchId: string) =>
    (
      await api.db.query<{ status: string; processed_rows: number; last_row_done: number }>(
        'SELECT status, processed_rows, last_row_done FROM hospital_import_batches WHERE id = $1',
        [batchId],
      )
    )[0];

  it(
    'imports every row exactly once and audits every event once, in a chain that verifies',
    async () => {
      const asAdmin = apiAs(api, await tokenFor(api, 'admin'));
      const first = await startWorkerProcess(children, workerEnv);

      const upload = await asAdmin.upload(generatedCsv(ROWS));
      expect(upload.status).toBe(201);
      const batchId = upload.body.batchId as string;

      // A tenth is in: the worker is importing. Kill it without warning.
      await waitFor(async () => (await storedRows(batchId)).rows >= ROWS / 10, 'the worker to store a tenth of the rows', {
        timeoutMs: 30_000,
        intervalMs: 10,
      });
      expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

      // It died mid-work: some rows stored, not all, the batch in progress, and its job still held by the dead worker.
      const partial = await storedRows(batchId);
      expect(partial.rows).toBeGreaterThan(0);
      expect(partial.rows).toBeLessThan(ROWS);
      // Chunks commit whole: what is stored is exactly the rows the batch counts as done.
      expect(partial.rows % CHUNK).toBe(0);
      expect(await batchRow(batchId)).toEqual({
        status: 'IN_PROGRESS',
        processed_rows: partial.rows,
        last_row_done: partial.rows,
      });
      const job = await api.app.get<Queue>(getQueueToken(IMPORTS_QUEUE)).getJob(batchId);
      expect(await job?.getState()).toBe('active');

      await startWorkerProcess(children, workerEnv);
      const done = await waitForBatch(asAdmin, batchId, 60_000);
      expect(done.body).toMatchObject({
        status: 'COMPLETED',
        totalHospitals: ROWS,
        processedHospitals: ROWS,
        failedHospitals: 0,
        errors: [],
      });
      expect(await storedRows(batchId)).toEqual({ rows: ROWS, distinct_rows: ROWS, distinct_names: ROWS, first: 1, last: ROWS });
      expect(await batchRow(batchId)).toEqual({ status: 'COMPLETED', processed_rows: ROWS, last_row_done: ROWS });
      // Finished once, by one of the runs.
      const processed = await api.db.query<{ payload: Record<string, unknown> }>(
        `SELECT payload FROM outbox WHERE aggregate_id = $1 AND type = 'hospitals.HospitalBatchProcessed.v1'`,
        [batchId],
      );
      expect(processed).toEqual([{ payload: { status: 'COMPLETED', processedRows: ROWS, failedRows: 0 } }]);

      await expectAuditedOnce(api, await tokenFor(api, 'auditor'));
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
