import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getQueueToken } from '@nestjs/bull';
import { DomainEvent } from '@hms/ddd';
import type { Queue } from 'bull';
import { type OutboxRow, toEnvelope } from '../../src/infrastructure/events/outbox-row.js';
import { ChecksumMismatchError, ObjectStorage } from '../../src/infrastructure/storage/object-storage.js';
import { IMPORTS_QUEUE, type ImportJobData } from '../../src/modules/hospitals/infrastructure/imports-queue.js';
import { EnqueueHospitalImport } from '../../src/modules/hospitals/application/events/enqueue-hospital-import.handler.js';
import { HospitalBatchUploaded } from '../../src/modules/hospitals/index.js';
import { HospitalImportProcessor } from '../../src/modules/hospitals/infrastructure/hospital-import.processor.js';
import { createUser, tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  apiAs,
  type Api,
  fixture,
  generatedCsv,
  outboxEvent,
  importedBatch,
  outboxTypes,
  storeFileInParts,
  waitForBatch,
} from './support/hospitals-api.js';

const PROBLEM = /^application\/problem\+json/;

/**
 * Test-only database rules that make one named row fail, to show that a
 * failure leaves no partial result (and that a row the database refuses is
 * reported, not fatal). They touch only rows with these synthetic names.
 */
const FAULTS = [
  `ALTER TABLE hospitals ADD CONSTRAINT test_refused_name CHECK (name <> 'Refused Test Clinic')`,
  `CREATE FUNCTION test_faults() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'INSERT' AND NEW.name = 'Doomed Test Clinic' THEN RAISE EXCEPTION 'simulated storage failure'; END IF;
     IF TG_OP = 'UPDATE' AND NEW.is_active AND NEW.name = 'Faulty Update Clinic' THEN RAISE EXCEPTION 'simulated update failure'; END IF;
     IF TG_OP = 'DELETE' AND OLD.name = 'Undeletable Test Clinic' THEN RAISE EXCEPTION 'simulated delete failure'; END IF;
     RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
   END $$`,
  `CREATE TRIGGER test_faults BEFORE INSERT OR UPDATE OR DELETE ON hospitals FOR EACH ROW EXECUTE FUNCTION test_faults()`,
  // A worker "crash": the first time a 30-row batch commits its second chunk, the transaction fails.
  // Sequences are not rolled back, so they count attempts across the failed transaction.
  `CREATE SEQUENCE test_crash_once`,
  `CREATE SEQUENCE test_resume_inserts`,
  `CREATE FUNCTION test_crash() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.total_rows = 30 AND OLD.last_row_done = 10 AND NEW.last_row_done = 20 AND nextval('test_crash_once') = 1 THEN
       RAISE EXCEPTION 'simulated worker crash';
     END IF;
     RETURN NEW;
   END $$`,
  `CREATE TRIGGER test_crash BEFORE UPDATE ON hospital_import_batches FOR EACH ROW EXECUTE FUNCTION test_crash()`,
  `CREATE FUNCTION test_count_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.name LIKE 'Resume Clinic %' THEN PERFORM nextval('test_resume_inserts'); END IF;
     RETURN NEW;
   END $$`,
  `CREATE TRIGGER test_count_inserts BEFORE INSERT ON hospitals FOR EACH ROW EXECUTE FUNCTION test_count_inserts()`,
];

const csv = (...rows: string[]) => Buffer.from(['name,address', ...rows].join('\n'));

describe('import batches: processing, activation, deletion', () => {
  let t: TestApp;
  let admin: UserWithTokens;
  let asAdmin: Api;
  let asNurse: Api;

  beforeAll(async () => {
    t = await startTestApp({
      setupSql: FAULTS,
      env: {
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        RATE_LIMIT_MAX: '100000',
        HOSPITAL_IMPORT_MAX_ROWS: '100',
        HOSPITAL_IMPORT_CHUNK_SIZE: '10',
        HOSPITAL_IMPORT_ATTEMPTS: '2',
        DEFAULT_TIME_ZONE: 'Africa/Nairobi',
      },
    });
    admin = await tokenFor(t, 'admin');
    asAdmin = apiAs(t, admin);
    asNurse = apiAs(t, await tokenFor(t, 'nurse'));
  });
  afterAll(() => t.close());

  /** Uploads a file and waits until the worker has finished it. */
  const imported = (file: Buffer) => importedBatch<BatchBody>(asAdmin, file);

  /** A batch stored as the upload stores it, but never queued: only the test runs its processing. */
  const givenUnqueuedBatch = async (file: Buffer, totalRows: number) => {
    const id = randomUUID();
    const fileKey = `hospital-imports/${id}.csv`;
    await t.app.get(ObjectStorage).put(fileKey, file);
    await t.db.query(
      `INSERT INTO hospital_import_batches (id, total_rows, file_sha256, file_key, created_by) VALUES ($1, $2, sha256($3), $4, $5)`,
      [id, totalRows, file, fileKey, admin.userId],
    );
    return id;
  };
  /** A batch as uploads stored it before object storage: its file in parts in PostgreSQL. */
  const givenBatchStoredInParts = async (file: Buffer, totalRows: number) => {
    const id = randomUUID();
    await t.db.query(
      `INSERT INTO hospital_import_batches (id, total_rows, file_sha256, created_by) VALUES ($1, $2, sha256($3), $4)`,
      [id, totalRows, file, admin.userId],
    );
    await storeFileInParts(t, id, file);
    return id;
  };

  const batchRow = async (id: string) =>
    (
      await t.db.query<{
        status: string;
        processed_rows: number;
        failed_rows: number;
        last_row_done: number;
        activated_at: Date | null;
      }>('SELECT status, processed_rows, failed_rows, last_row_done, activated_at FROM hospital_import_batches WHERE id = $1', [
        id,
      ])
    )[0];
  const storedRows = async (batchId: string) =>
    (
      await t.db.query<{ rows: number; distinct_rows: number; active: number }>(
        `SELECT count(*)::int AS rows, count(DISTINCT batch_row)::int AS distinct_rows, count(*) FILTER (WHERE is_active)::int AS active
           FROM hospitals WHERE batch_id = $1`,
        [batchId],
      )
    )[0];

  describe('processing', () => {
    it('stores every row as an inactive hospital of the batch and reports the exact batch shape', async () => {
      const batch = await imported(fixture('valid.csv'));
      expect(batch).toEqual({
        batchId: expect.any(String),
        status: 'COMPLETED',
        totalHospitals: 3,
        processedHospitals: 3,
        failedHospitals: 0,
        processingTimeSeconds: expect.any(Number),
        batchActivated: false,
        errors: [],
        hospitals: [
          hospital(batch.batchId, 'Riverside General Hospital', '12 Harbour Road', '+1 555 010 4477'),
          hospital(batch.batchId, 'Hillcrest Community Clinic', '3 Elm Way', null),
          hospital(batch.batchId, 'Lakeside Medical Centre', '7 Shore Drive', '(555) 010-2288'),
        ],
      });
      expect(batch.processingTimeSeconds).toBeGreaterThanOrEqual(0);
      const listed = await asNurse.get(`/hospitals?batchId=${batch.batchId}`);
      expect(listed.body.total).toBe(3);
      const processed = await outboxEvent(t, batch.batchId, 'hospitals.HospitalBatchProcessed.v1');
      expect(processed).toMatchObject({
        payload: { status: 'COMPLETED', processedRows: 3, failedRows: 0 },
        actor: { kind: 'system', id: 'hospital-import' },
      });
    });

    it('reports a row the database refuses and stores the others (COMPLETED_WITH_ERRORS)', async () => {
      const batch = await imported(
        csv('Valley Clinic,9 Mill Road', 'Refused Test Clinic,1 Nowhere Lane', 'Meadow Clinic,4 Field Road'),
      );
      expect(batch).toMatchObject({
        status: 'COMPLETED_WITH_ERRORS',
        totalHospitals: 3,
        processedHospitals: 2,
        failedHospitals: 1,
        errors: [{ row: 2, column: null, message: expect.stringMatching(/^The row could not be stored/) }],
      });
      expect(batch.hospitals.map((h) => h.name)).toEqual(['Valley Clinic', 'Meadow Clinic']);
      expect(JSON.stringify(batch.errors)).not.toContain('Refused Test Clinic');
    });

    it('resumes after a crash where the last stored chunk ended, storing nothing twice', async () => {
      const file = Buffer.from(
        ['name,address', ...Array.from({ length: 30 }, (_, i) => `Resume Clinic ${i + 1},${i + 1} Restart Road`)].join('\n'),
      );
      const batch = await imported(file);
      expect(batch).toMatchObject({ status: 'COMPLETED', totalHospitals: 30, processedHospitals: 30, failedHospitals: 0 });
      // The crash happened: the trigger's one-shot sequence was used by the failed attempt and the retry.
      expect((await t.db.query<{ n: string }>('SELECT last_value AS n FROM test_crash_once'))[0].n).toBe('2');
      expect(await storedRows(batch.batchId)).toEqual({ rows: 30, distinct_rows: 30, active: 0 });
      // Rows 1-10 (committed before the crash) were not read into an insert again: 10 + 10 (failed) + 10 (retried) + 10.
      expect((await t.db.query<{ n: string }>('SELECT last_value AS n FROM test_resume_inserts'))[0].n).toBe('40');
      expect(await batchRow(batch.batchId)).toMatchObject({ processed_rows: 30, last_row_done: 30 });
    });

    it('replays chunks already stored without storing or counting anything twice', async () => {
      const batch = await imported(generatedCsv(25));
      const ids = await t.db.query('SELECT id, batch_row FROM hospitals WHERE batch_id = $1 ORDER BY batch_row', [batch.batchId]);
      // As if the worker had died after storing everything but before recording it.
      await t.db.query(
        `UPDATE hospital_import_batches SET status = 'IN_PROGRESS', finished_at = NULL, last_row_done = 0 WHERE id = $1`,
        [batch.batchId],
      );
      expect(await t.app.get(HospitalImportProcessor).process(batch.batchId)).toBe('COMPLETED');
      expect(await storedRows(batch.batchId)).toEqual({ rows: 25, distinct_rows: 25, active: 0 });
      expect(
        await t.db.query('SELECT id, batch_row FROM hospitals WHERE batch_id = $1 ORDER BY batch_row', [batch.batchId]),
      ).toEqual(ids);
      expect(await batchRow(batch.batchId)).toMatchObject({
        status: 'COMPLETED',
        processed_rows: 25,
        failed_rows: 0,
        last_row_done: 25,
      });
    });

    it('lets two runs of one batch at once store each row once', async () => {
      const batchId = await givenUnqueuedBatch(generatedCsv(45, 1000), 45);
      const processor = t.app.get(HospitalImportProcessor);
      const outcomes = await Promise.all([processor.process(batchId), processor.process(batchId), processor.process(batchId)]);
      expect(outcomes).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
      expect(await storedRows(batchId)).toEqual({ rows: 45, distinct_rows: 45, active: 0 });
      expect(await batchRow(batchId)).toMatchObject({ processed_rows: 45, failed_rows: 0, last_row_done: 45 });
      expect((await outboxTypes(t, batchId)).filter((type) => type === 'hospitals.HospitalBatchProcessed.v1')).toHaveLength(1);
    });

    it('processes a batch whose file was stored in parts before object storage', async () => {
      const batchId = await givenBatchStoredInParts(generatedCsv(30, 2000), 30);
      expect(await t.app.get(HospitalImportProcessor).process(batchId)).toBe('COMPLETED');
      expect(await storedRows(batchId)).toEqual({ rows: 30, distinct_rows: 30, active: 0 });
    });

    it('fails the run of a batch whose stored file is no longer the one uploaded, storing none of it', async () => {
      const batchId = await givenUnqueuedBatch(generatedCsv(5, 3000), 5);
      const [{ file_key: key }] = await t.db.query<{ file_key: string }>(
        'SELECT file_key FROM hospital_import_batches WHERE id = $1',
        [batchId],
      );
      // Damaged behind the storage's back: the same size, other bytes.
      const path = join(t.config.storage.localDir, ...key.split('/'));
      const bytes = await readFile(path);
      bytes[bytes.length - 2] = bytes[bytes.length - 2] === 0x31 ? 0x32 : 0x31;
      await writeFile(path, bytes);
      await expect(t.app.get(HospitalImportProcessor).process(batchId)).rejects.toBeInstanceOf(ChecksumMismatchError);
      expect(await storedRows(batchId)).toMatchObject({ rows: 0 });
    });

    it('marks the batch FAILED when its last attempt fails, keeping what was stored', async () => {
      const rows = Array.from({ length: 12 }, (_, i) => `Failing Clinic ${i + 1},${i + 1} Fault Street`);
      const batch = await imported(csv(...rows, 'Doomed Test Clinic,13 Fault Street'));
      expect(batch).toMatchObject({
        status: 'FAILED',
        totalHospitals: 13,
        processedHospitals: 10,
        failedHospitals: 0,
        processingTimeSeconds: expect.any(Number),
        errors: [{ row: null, column: null, message: expect.stringMatching(/^Processing stopped after repeated failures/) }],
      });
      expect(await outboxEvent(t, batch.batchId, 'hospitals.HospitalBatchProcessed.v1')).toMatchObject({
        payload: { status: 'FAILED', processedRows: 10, failedRows: 0 },
      });
      // What Redis keeps of the failure names the error's class, never a message that could quote the file.
      const job = await t.app.get<Queue<ImportJobData>>(getQueueToken(IMPORTS_QUEUE)).getJob(batch.batchId);
      expect(job?.attemptsMade).toBe(2);
      expect(job?.failedReason).toBe('import attempt failed: QueryFailedError (P0001)');
      expect(JSON.stringify(job?.stacktrace)).not.toMatch(/Doomed|simulated/);
    });
  });

  describe('GET /hospitals/batch/:batchId', () => {
    it('answers 404 for an unknown batch and 400 for an id that is no UUID', async () => {
      const res = await asNurse.get(`/hospitals/batch/${randomUUID()}`);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect((await asNurse.get('/hospitals/batch/latest')).status).toBe(400);
    });

    it('shows a batch in progress without a processing time', async () => {
      const batchId = await givenUnqueuedBatch(fixture('valid.csv'), 3);
      const res = await asNurse.get(`/hospitals/batch/${batchId}`);
      expect(res.body).toEqual({
        batchId,
        status: 'IN_PROGRESS',
        totalHospitals: 3,
        processedHospitals: 0,
        failedHospitals: 0,
        processingTimeSeconds: null,
        batchActivated: false,
        errors: [],
        hospitals: [],
      });
    });
  });

  describe('PATCH /hospitals/batch/:batchId/activate', () => {
    it('activates every hospital of the batch at once, and a second call changes nothing', async () => {
      const batch = await imported(fixture('valid.csv'));
      const res = await asAdmin.patch(`/hospitals/batch/${batch.batchId}/activate`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ batchId: batch.batchId, status: 'COMPLETED', batchActivated: true, totalHospitals: 3 });
      expect((res.body.hospitals as { isActive: boolean; version: number }[]).map((h) => [h.isActive, h.version])).toEqual([
        [true, 2],
        [true, 2],
        [true, 2],
      ]);
      expect(await storedRows(batch.batchId)).toMatchObject({ rows: 3, active: 3 });
      expect(await outboxEvent(t, batch.batchId, 'hospitals.HospitalBatchActivated.v1')).toMatchObject({
        payload: { activatedHospitals: 3 },
        actor: { kind: 'user', id: admin.userId },
      });

      const again = await asAdmin.patch(`/hospitals/batch/${batch.batchId}/activate`);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(res.body);
      expect((await outboxTypes(t, batch.batchId)).filter((type) => type === 'hospitals.HospitalBatchActivated.v1')).toHaveLength(
        1,
      );
    });

    it('activates nothing when one hospital fails to update', async () => {
      const batch = await imported(
        csv('Upland Clinic,1 Hill Road', 'Faulty Update Clinic,2 Hill Road', 'Downs Clinic,3 Hill Road'),
      );
      const res = await asAdmin.patch(`/hospitals/batch/${batch.batchId}/activate`);
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.text).not.toContain('simulated');
      expect(await storedRows(batch.batchId)).toMatchObject({ rows: 3, active: 0 });
      expect((await batchRow(batch.batchId)).activated_at).toBeNull();
      expect(await outboxTypes(t, batch.batchId)).not.toContain('hospitals.HospitalBatchActivated.v1');
    });

    it('answers 409 while the batch is in progress, and 404 for an unknown one', async () => {
      const batchId = await givenUnqueuedBatch(fixture('valid.csv'), 3);
      const res = await asAdmin.patch(`/hospitals/batch/${batchId}/activate`);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('HOSPITAL.BATCH_IN_PROGRESS');
      expect((await asAdmin.patch(`/hospitals/batch/${randomUUID()}/activate`)).status).toBe(404);
    });

    it('is refused to a nurse', async () => {
      const batch = await imported(fixture('valid.csv'));
      expect((await asNurse.patch(`/hospitals/batch/${batch.batchId}/activate`)).status).toBe(403);
      expect(await storedRows(batch.batchId)).toMatchObject({ active: 0 });
    });
  });

  describe('DELETE /hospitals/batch/:batchId', () => {
    it('deletes the batch and its hospitals, and records it', async () => {
      const batch = await imported(fixture('valid.csv'));
      const res = await asAdmin.delete(`/hospitals/batch/${batch.batchId}`);
      expect(res.status).toBe(204);
      expect(await storedRows(batch.batchId)).toMatchObject({ rows: 0 });
      expect(await batchRow(batch.batchId)).toBeUndefined();
      expect((await asAdmin.get(`/hospitals/batch/${batch.batchId}`)).status).toBe(404);
      // Its stored file goes with it.
      expect(await t.app.get(ObjectStorage).head(`hospital-imports/${batch.batchId}.csv`)).toBeUndefined();
      expect(await outboxEvent(t, batch.batchId, 'hospitals.HospitalBatchDeleted.v1')).toMatchObject({
        payload: { deletedHospitals: 3 },
        actor: { kind: 'user', id: admin.userId },
      });
      expect((await asAdmin.delete(`/hospitals/batch/${batch.batchId}`)).status).toBe(404);
    });

    it('deletes nothing when a department refers to one of its hospitals (409, explained)', async () => {
      const batch = await imported(fixture('valid.csv'));
      const department = await asAdmin
        .post(`/hospitals/${batch.hospitals[1].id}/departments`)
        .send({ name: 'Cardiology', code: 'CARD' });
      expect(department.status).toBe(201);
      const res = await asAdmin.delete(`/hospitals/batch/${batch.batchId}`);
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({
        code: 'HOSPITAL.BATCH_REFERENCED',
        detail: expect.stringContaining('1 departments'),
        references: { departments: 1, users: 0 },
      });
      expect(await storedRows(batch.batchId)).toMatchObject({ rows: 3 });
      expect(await batchRow(batch.batchId)).toBeDefined();
      expect(await outboxTypes(t, batch.batchId)).not.toContain('hospitals.HospitalBatchDeleted.v1');
    });

    it('deletes nothing when a staff account is placed in one of its hospitals (asked of the auth context)', async () => {
      const batch = await imported(fixture('valid.csv'));
      await createUser(t, { roles: ['nurse'], hospitalId: batch.hospitals[2].id });
      const res = await asAdmin.delete(`/hospitals/batch/${batch.batchId}`);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'HOSPITAL.BATCH_REFERENCED', references: { departments: 0, users: 1 } });
      expect(await storedRows(batch.batchId)).toMatchObject({ rows: 3 });
    });

    it('deletes nothing when one hospital fails to delete', async () => {
      const batch = await imported(csv('Harbour Clinic,1 Quay', 'Undeletable Test Clinic,2 Quay', 'Pier Clinic,3 Quay'));
      const res = await asAdmin.delete(`/hospitals/batch/${batch.batchId}`);
      expect(res.status).toBe(500);
      expect(await storedRows(batch.batchId)).toMatchObject({ rows: 3 });
      expect(await batchRow(batch.batchId)).toBeDefined();
      expect(await outboxTypes(t, batch.batchId)).not.toContain('hospitals.HospitalBatchDeleted.v1');
    });

    it('answers 409 while the batch is in progress', async () => {
      const batchId = await givenUnqueuedBatch(fixture('valid.csv'), 3);
      const res = await asAdmin.delete(`/hospitals/batch/${batchId}`);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('HOSPITAL.BATCH_IN_PROGRESS');
      expect(await batchRow(batchId)).toBeDefined();
    });

    it('is refused to a nurse', async () => {
      const batch = await imported(fixture('valid.csv'));
      expect((await asNurse.delete(`/hospitals/batch/${batch.batchId}`)).status).toBe(403);
      expect(await storedRows(batch.batchId)).toMatchObject({ rows: 3 });
    });
  });

  it('queues each uploaded batch once, keyed by its id, with ids only', async () => {
    const { batchId } = (await asAdmin.upload(fixture('valid.csv'))).body as { batchId: string };
    await waitForBatch(asAdmin, batchId);
    const queue = t.app.get<Queue<ImportJobData>>(getQueueToken(IMPORTS_QUEUE));
    const job = await queue.getJob(batchId);
    expect(job?.data).toEqual({ batchId, correlationId: expect.any(String) });

    // The dispatcher may deliver the event again: the handler adds no second job.
    const [row] = await t.db.query<OutboxRow>(
      `SELECT * FROM outbox WHERE aggregate_id = $1 AND type = 'hospitals.HospitalBatchUploaded.v1'`,
      [batchId],
    );
    const event = DomainEvent.rehydrate(HospitalBatchUploaded, toEnvelope(row));
    await t.app.get(EnqueueHospitalImport).handle(event);
    const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
    expect(jobs.filter((j) => j.data.batchId === batchId).map((j) => j.id)).toEqual([batchId]);
    expect((await batchRow(batchId)).processed_rows).toBe(3);
  });
});

interface BatchBody {
  batchId: string;
  status: string;
  processingTimeSeconds: number | null;
  errors: unknown[];
  hospitals: { id: string; name: string }[];
}

function hospital(batchId: string, name: string, address: string, phone: string | null) {
  return {
    id: expect.any(String),
    name,
    address,
    phone,
    isActive: false,
    timeZone: 'Africa/Nairobi',
    batchId,
    createdAt: expect.any(String),
    updatedAt: expect.any(String),
    version: 1,
  };
}
