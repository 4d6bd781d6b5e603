import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, generatedCsv, waitForBatch } from './support/hospitals-api.js';

const ROWS = 20_000;

/**
 * With the row limit raised, a large file goes through the same path: the
 * worker streams it from PostgreSQL in slices and stores it in chunks. How
 * fast, and in how little memory, is the benchmark's to measure; this proves
 * the path completes with exact counts and no duplicates.
 */
describe('a large import, streamed', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        RATE_LIMIT_MAX: '100000',
        HOSPITAL_IMPORT_MAX_ROWS: String(ROWS),
        HOSPITAL_IMPORT_MAX_BYTES: '4mb',
      },
    });
    api = apiAs(t, await tokenFor(t, 'admin'));
  });
  afterAll(() => t.close());

  it(`validates, uploads and processes ${ROWS} rows with exact counts`, async () => {
    const file = generatedCsv(ROWS);
    expect(file.length).toBeGreaterThan(1024 * 1024);

    const validation = await api.validate(file);
    expect(validation.status).toBe(200);
    expect(validation.body).toEqual({ message: 'CSV is valid', totalRows: ROWS });

    const upload = await api.upload(file);
    expect(upload.status).toBe(201);
    expect(upload.body.totalHospitals).toBe(ROWS);
    const batch = await waitForBatch(api, upload.body.batchId as string, 25_000);
    expect(batch.body).toMatchObject({ status: 'COMPLETED', totalHospitals: ROWS, processedHospitals: ROWS, failedHospitals: 0 });
    // One answer lists the first thousand; GET /hospitals?batchId= pages through the rest.
    expect(batch.body.hospitals).toHaveLength(1000);
    expect(batch.body.hospitals[999].name).toBe('Community Clinic 1000');

    const [stored] = await t.db.query<{ rows: number; distinct_rows: number; first: number; last: number; last_done: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT batch_row)::int AS distinct_rows, min(batch_row) AS first, max(batch_row) AS last,
              (SELECT last_row_done FROM hospital_import_batches WHERE id = $1) AS last_done
         FROM hospitals WHERE batch_id = $1`,
      [upload.body.batchId],
    );
    expect(stored).toEqual({ rows: ROWS, distinct_rows: ROWS, first: 1, last: ROWS, last_done: ROWS });
    const page = await api.get(`/hospitals?batchId=${upload.body.batchId}&pageSize=200&page=100`);
    expect(page.body).toMatchObject({ total: ROWS, page: 100 });
    expect(page.body.items).toHaveLength(200);
  }, 60_000);
});
