import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { PROBLEM } from '../patients/support/patients-api.js';
import { givenReceiver, intakeWriteCounts, type Receiver, settledBatch } from './support/intake-api.js';

/** POST /api/v1/ingest/csv: a CSV feed streamed to storage, its header checked, its records read back exactly (issue 18). */
describe('patient and visit intake over CSV', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp({ env: { INGEST_CSV_MAX_RECORDS: '50', INGEST_CSV_MAX_BYTES: '64kb' } });
    receiver = await givenReceiver(t);
  });
  afterAll(() => t.close());

  const upload = (content: string | Buffer, contentType = 'text/csv', key?: string) => {
    const req = t
      .http()
      .post(`/api/v1/ingest/csv?hospitalId=${receiver.hospitalId}`)
      .set('Authorization', bearer(receiver.officer.accessToken));
    if (key) req.set('Idempotency-Key', key);
    return req.attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), { filename: 'feed.csv', contentType });
  };

  it('reads a BOM, CRLF, quoted commas, quotes and line breaks, columns in any order, and keeps formula-like text verbatim', async () => {
    const tag = Date.now().toString(36).toUpperCase();
    const csv =
      '\uFEFFVisit_Date,mrn,first_name,last_name,birth_date,visit_account_number,reason\r\n' +
      `2026-03-01,MRN-${tag}-1,"Ana, Maria",=HYPERLINK(1),1970-01-01,V-${tag}-1,"cough,\r\n""worse"" at night"\r\n` +
      `2026-03-02,MRN-${tag}-2,+Bob,@Lee,1971-02-02,V-${tag}-2,-fever\r\n`;
    const res = await upload(csv);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ recordsReceived: 2, source: 'csv' });
    const batch = await settledBatch(receiver.asOfficer, res.body.batchId);
    expect(batch.counters).toMatchObject({ patientsCreated: 2, visitsAdded: 2, errors: 0 });

    const found = await receiver.asOfficer.get(`/patients?mrn=MRN-${tag}-1`);
    expect(found.body.items).toHaveLength(1);
    const ana = await receiver.asOfficer.get(`/patients/${found.body.items[0].id}`);
    expect(ana.body).toMatchObject({ firstName: 'Ana, Maria', lastName: '=HYPERLINK(1)' });
    const bob = await receiver.asOfficer.get(`/patients?mrn=MRN-${tag}-2`);
    const bobView = await receiver.asOfficer.get(`/patients/${bob.body.items[0].id}`);
    expect(bobView.body).toMatchObject({ firstName: '+Bob', lastName: '@Lee' });

    // The stored file is the feed byte for byte.
    const stored = await readFile(join(t.config.storage.localDir, 'intake', res.body.fileName as string));
    expect(stored.toString('utf8')).toBe(csv);
  });

  it('answers 400 naming the missing and repeated columns, unknown ones by position only, and stores nothing', async () => {
    const before = await intakeWriteCounts(t);
    const res = await upload(
      'mrn,first_name,first_name,Jane Doe,birth_date,visit_date,reason\r\nMRN-1,a,b,c,1970-01-01,2026-01-01,r\r\n',
    );
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['last_name', 'visit_account_number', 'first_name', 'column 4']));
    expect(JSON.stringify(res.body)).not.toContain('Jane Doe');
    expect(await intakeWriteCounts(t)).toEqual(before);
  });

  it('refuses a file with no records, one not CSV (415), one over the size (413) or over the record limit (413)', async () => {
    const before = await intakeWriteCounts(t);
    const header = 'mrn,first_name,last_name,birth_date,visit_account_number,visit_date,reason\r\n';
    expect((await upload(header)).status).toBe(400);
    expect((await upload(header, 'application/pdf')).status).toBe(415);
    const row = 'MRN-1,Ana,Lee,1970-01-01,V-1,2026-01-01,r\r\n';
    expect((await upload(header + row.repeat(51))).status).toBe(413);
    expect((await upload(header + row.repeat(1800))).status).toBe(413);
    expect(await intakeWriteCounts(t)).toEqual(before);
    // No stored object, whole or partial, outlives a refused upload.
    const stored = (await readdir(t.config.storage.localDir, { recursive: true })).filter((name) =>
      String(name).endsWith('.csv'),
    );
    expect(stored.length).toBe(before.batches);
  });

  it('gives a record with a wrong cell count its own error and applies the others', async () => {
    const tag = `${Date.now().toString(36).toUpperCase()}X`;
    const csv =
      'mrn,first_name,last_name,birth_date,visit_account_number,visit_date,reason\n' +
      `MRN-${tag},Ana,Lee,1970-01-01,V-${tag}\n` +
      `MRN-${tag}-2,Ana,Lee,1970-01-01,V-${tag}-2,2026-01-01,checkup\n`;
    const res = await upload(csv);
    expect(res.status).toBe(202);
    const batch = await settledBatch(receiver.asOfficer, res.body.batchId);
    expect(batch.counters).toMatchObject({ records: 2, errors: 1, visitsAdded: 1 });
    const refused = await receiver.asOfficer.get(`/ingest/batches/${res.body.batchId}/records?outcome=error`);
    expect(refused.body.items[0]).toMatchObject({ position: 1, errors: [{ field: 'record' }] });
  });
});
