import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer } from '../support/auth.js';
import { unreachableS3Env } from '../support/storage-env.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { PROBLEM } from '../patients/support/patients-api.js';
import { givenReceiver, intakeRecord, intakeWriteCounts, type Receiver } from './support/intake-api.js';

/** A feed whose file cannot be stored answers 503 and records and queues nothing (issue 18, ADR 40). */
describe('intake with the object storage down', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ...(await unreachableS3Env()),
      },
    });
    receiver = await givenReceiver(t);
  });
  afterAll(() => t.close());

  it('answers 503 to a JSON feed, with no batch and no event', async () => {
    const before = await intakeWriteCounts(t);
    const record = intakeRecord();
    const res = await receiver.asOfficer.post(`/ingest?hospitalId=${receiver.hospitalId}`).send([record]);
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(JSON.stringify(res.body)).not.toContain(record.mrn!);
    expect(await intakeWriteCounts(t)).toEqual(before);
  });

  it('answers 503 to a CSV feed, with no batch and no event', async () => {
    const before = await intakeWriteCounts(t);
    const csv =
      'mrn,first_name,last_name,birth_date,visit_account_number,visit_date,reason\r\nMRN-1,Ana,Lee,1970-01-01,V-1,2026-01-01,r\r\n';
    const res = await t
      .http()
      .post(`/api/v1/ingest/csv?hospitalId=${receiver.hospitalId}`)
      .set('Authorization', bearer(receiver.officer.accessToken))
      .attach('file', Buffer.from(csv), { filename: 'feed.csv', contentType: 'text/csv' });
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(await intakeWriteCounts(t)).toEqual(before);
  });
});
