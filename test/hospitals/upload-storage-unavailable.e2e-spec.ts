import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tokenFor } from '../support/auth.js';
import { unreachableS3Env } from '../support/storage-env.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, fixture } from './support/hospitals-api.js';

/** An upload whose file cannot be stored answers 503 and records nothing: no batch, no event, no temporary file (ADR 37). */
describe('hospital CSV upload with the object storage down', () => {
  let t: TestApp;
  let asAdmin: Api;
  let uploads: string;

  beforeAll(async () => {
    uploads = await mkdtemp(join(tmpdir(), 'hms-upload-unavailable-'));
    t = await startTestApp({
      env: {
        ...(await unreachableS3Env()),
        HOSPITAL_IMPORT_TMP_DIR: uploads,
      },
    });
    asAdmin = apiAs(t, await tokenFor(t, 'admin'));
  });
  afterAll(() => t.close());

  it('answers 503 as a problem, and leaves no batch, no event and no temporary file', async () => {
    const res = await asAdmin.upload(fixture('valid.csv'));
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(res.body)).not.toMatch(/Clinic|Street|127\.0\.0\.1/);
    const [counts] = await t.db.query<{ batches: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM hospital_import_batches) AS batches,
              (SELECT count(*)::int FROM outbox WHERE type = 'hospitals.HospitalBatchUploaded.v1') AS events`,
    );
    expect(counts).toEqual({ batches: 0, events: 0 });
    expect(await readdir(uploads)).toEqual([]);
  });
});
