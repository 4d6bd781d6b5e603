import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tokenFor, type UserWithTokens } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, fixture, outboxEvent, outboxTypes, storedFile, waitForBatch } from './support/hospitals-api.js';

const PROBLEM = /^application\/problem\+json/;
const ACCEPTED = 'Bulk processing started. Use batchId to track progress.';

describe('bulk CSV upload and validation', () => {
  let t: TestApp;
  let admin: UserWithTokens;
  let asAdmin: Api;
  let asNurse: Api;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        RATE_LIMIT_MAX: '100000',
        // Small enough that a fixture (too-large.csv, 2.8 KB) can pass it; every other fixture is far below.
        HOSPITAL_IMPORT_MAX_BYTES: '2kb',
      },
    });
    admin = await tokenFor(t, 'admin');
    asAdmin = apiAs(t, admin);
    asNurse = apiAs(t, await tokenFor(t, 'nurse'));
  });
  afterAll(() => t.close());

  const counts = async () =>
    (
      await t.db.query<{ batches: number; hospitals: number; events: number }>(
        `SELECT (SELECT count(*)::int FROM hospital_import_batches) AS batches,
                (SELECT count(*)::int FROM hospitals) AS hospitals,
                (SELECT count(*)::int FROM outbox WHERE type = 'hospitals.HospitalBatchUploaded.v1') AS events`,
      )
    )[0];

  describe('POST /hospitals/bulk/validate', () => {
    it.each([
      ['valid.csv', 3],
      ['valid-bom-crlf.csv', 2],
      ['quoted.csv', 2],
      ['header-case.csv', 1],
      ['blank-lines.csv', 2],
      ['max-rows.csv', 20],
    ])('accepts %s with its row count and writes nothing', async (name, totalRows) => {
      const before = await counts();
      const res = await asAdmin.validate(fixture(name));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ message: 'CSV is valid', totalRows });
      expect(await counts()).toEqual(before);
    });

    it.each(['text/plain', 'application/csv', 'application/vnd.ms-excel', 'text/csv; charset=utf-8'])(
      'accepts the content type %s',
      async (contentType) => {
        expect((await asAdmin.validate(fixture('valid.csv'), { contentType })).status).toBe(200);
      },
    );
  });

  /** Each CSV rule, with the problem the answer must name; `field` is `file`, `header[: column]` or `row N[: column]`. */
  const INVALID: [string, string, { field: string; row: number | null; column: string | null; message: string | RegExp }[]][] = [
    ['an empty file', 'empty.csv', [{ field: 'file', row: null, column: null, message: 'The file is empty' }]],
    [
      'a header without rows',
      'header-only.csv',
      [{ field: 'file', row: null, column: null, message: 'The file has a header but no data rows' }],
    ],
    [
      'a missing header',
      'missing-header.csv',
      [
        { field: 'header', row: 0, column: null, message: /^The first line must be the header/ },
        { field: 'header', row: 0, column: null, message: 'Column 1 of the header is not one of name, address, phone' },
        { field: 'header', row: 0, column: null, message: 'Column 2 of the header is not one of name, address, phone' },
        { field: 'header: name', row: 0, column: 'name', message: 'The header lacks the required column name' },
        { field: 'header: address', row: 0, column: 'address', message: 'The header lacks the required column address' },
      ],
    ],
    [
      'a wrong field name',
      'wrong-field.csv',
      [
        { field: 'header', row: 0, column: null, message: 'Column 1 of the header is not one of name, address, phone' },
        { field: 'header: name', row: 0, column: 'name', message: 'The header lacks the required column name' },
      ],
    ],
    [
      'an extra column',
      'extra-column.csv',
      [{ field: 'header', row: 0, column: null, message: 'Column 3 of the header is not one of name, address, phone' }],
    ],
    [
      'a missing required column',
      'missing-column.csv',
      [{ field: 'header: address', row: 0, column: 'address', message: 'The header lacks the required column address' }],
    ],
    ['a Latin-1 file', 'latin1.csv', [{ field: 'file', row: null, column: null, message: /^The file is not UTF-8 text/ }]],
    [
      'a file with NUL bytes',
      'binary.csv',
      [{ field: 'file', row: null, column: null, message: 'The file holds binary data (NUL bytes), not CSV text' }],
    ],
    [
      'invalid rows',
      'invalid-rows.csv',
      [
        { field: 'row 1: name', row: 1, column: 'name', message: 'name is required' },
        { field: 'row 2: name', row: 2, column: 'name', message: 'name must be at most 200 characters' },
        { field: 'row 3: address', row: 3, column: 'address', message: 'address is required' },
        { field: 'row 3: phone', row: 3, column: 'phone', message: /^phone must hold 7 to 20 digits/ },
        { field: 'row 4: phone', row: 4, column: 'phone', message: /^phone must hold 7 to 20 digits/ },
        { field: 'row 5', row: 5, column: null, message: 'The row has 2 cells where the header has 3' },
      ],
    ],
    [
      'a repeated hospital',
      'duplicates.csv',
      [{ field: 'row 3', row: 3, column: null, message: 'The row repeats the name and address of row 1' }],
    ],
    [
      'broken quoting',
      'broken-quote.csv',
      [{ field: 'row 2', row: 2, column: null, message: 'A quoted cell is never closed: a quote is missing' }],
    ],
    [
      'more rows than HOSPITAL_IMPORT_MAX_ROWS',
      'too-many-rows.csv',
      [{ field: 'file', row: null, column: null, message: /^The file has more than 20 data rows/ }],
    ],
  ];

  describe.each([
    ['POST /hospitals/bulk/validate', (api: Api, file: Buffer) => api.validate(file)],
    ['POST /hospitals/bulk', (api: Api, file: Buffer) => api.upload(file)],
  ])('%s refuses', (_route, send) => {
    it.each(INVALID)('%s (%s) with 400 listing every problem, and writes nothing', async (_case, name, problems) => {
      const before = await counts();
      const res = await send(asAdmin, fixture(name));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 400, code: 'HOSPITAL.INVALID_CSV', type: 'urn:hms:problem:hospital.invalid-csv' });
      expect(res.body.errors).toEqual(
        problems.map((p) => ({ ...p, message: typeof p.message === 'string' ? p.message : expect.stringMatching(p.message) })),
      );
      expect(await counts()).toEqual(before);
    });

    it('a file larger than HOSPITAL_IMPORT_MAX_BYTES with 413', async () => {
      const before = await counts();
      const res = await send(asAdmin, fixture('too-large.csv'));
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ code: 'HOSPITAL.IMPORT_FILE_TOO_LARGE', maxBytes: 2048 });
      expect(await counts()).toEqual(before);
    });
  });

  describe('the form', () => {
    it.each([
      ['application/pdf', 'valid.csv'],
      ['image/png', 'logo.png'],
      ['application/octet-stream', 'valid.csv'],
    ])('refuses a file part of type %s with 415', async (contentType, name) => {
      const before = await counts();
      for (const res of [
        await asAdmin.upload(fixture(name), { contentType, filename: name }),
        await asAdmin.validate(fixture(name), { contentType, filename: name }),
      ]) {
        expect(res.status).toBe(415);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body).toMatchObject({
          code: 'HOSPITAL.UNSUPPORTED_FILE_TYPE',
          accepted: expect.arrayContaining(['text/csv']),
        });
      }
      expect(await counts()).toEqual(before);
    });

    it('answers 400 without a file part, for a JSON body, or for a file under another field name', async () => {
      const noFile = await asAdmin.post('/hospitals/bulk').field('note', 'no file here');
      const json = await asAdmin.post('/hospitals/bulk').send({ file: 'name,address' });
      const otherField = await asAdmin.upload(fixture('valid.csv'), { field: 'document' });
      for (const res of [noFile, json, otherField]) {
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          code: 'HOSPITAL.IMPORT_FILE_MISSING',
          errors: [{ field: 'file', message: expect.any(String) }],
        });
      }
    });

    it('answers 415 for a raw CSV body (not a form)', async () => {
      const res = await asAdmin.post('/hospitals/bulk').set('Content-Type', 'text/csv').send('name,address\nA,B\n');
      expect(res.status).toBe(415);
    });
  });

  describe('POST /hospitals/bulk', () => {
    it('stores the file and the batch in one transaction and answers 201 with the batch to track', async () => {
      const file = fixture('valid.csv');
      const res = await asAdmin.upload(file);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ batchId: expect.any(String), status: 'IN_PROGRESS', totalHospitals: 3, message: ACCEPTED });
      const batchId = res.body.batchId as string;
      expect(res.headers.location).toBe(`/api/v1/hospitals/batch/${batchId}`);

      const [stored] = await t.db.query<{ sha: string; created_by: string; total_rows: number }>(
        `SELECT encode(file_sha256, 'hex') AS sha, created_by, total_rows FROM hospital_import_batches WHERE id = $1`,
        [batchId],
      );
      expect((await storedFile(t, batchId)).equals(file)).toBe(true);
      expect(stored.sha).toBe(createHash('sha256').update(file).digest('hex'));
      expect(stored).toMatchObject({ created_by: admin.userId, total_rows: 3 });

      // The upload event carries ids and counts only, never the file's content.
      const event = await outboxEvent(t, batchId, 'hospitals.HospitalBatchUploaded.v1');
      expect(event?.payload).toEqual({ totalRows: 3, fileBytes: file.length, fileSha256: stored.sha });
      expect(event?.actor).toMatchObject({ kind: 'user', id: admin.userId });
      expect(JSON.stringify(event)).not.toContain('Riverside');

      const done = await waitForBatch(asAdmin, batchId);
      expect(done.body).toMatchObject({
        batchId,
        status: 'COMPLETED',
        totalHospitals: 3,
        processedHospitals: 3,
        failedHospitals: 0,
      });
      expect(await outboxTypes(t, batchId)).toEqual([
        'hospitals.HospitalBatchUploaded.v1',
        'hospitals.HospitalBatchProcessed.v1',
      ]);
    });

    it('keeps quoted commas and line breaks, trims cells, and drops the byte order mark', async () => {
      const quoted = await waitForBatch(asAdmin, (await asAdmin.upload(fixture('quoted.csv'))).body.batchId as string);
      expect(
        (quoted.body.hospitals as { name: string; address: string; phone: string | null }[]).map((h) => [
          h.name,
          h.address,
          h.phone,
        ]),
      ).toEqual([
        ['Harbour "North" Clinic', '12 Harbour Road, Unit 4\nPort Example', '555.010.9911'],
        ['Lakeside, East Wing', '7 Shore Drive', null],
      ]);
      const bom = await waitForBatch(asAdmin, (await asAdmin.upload(fixture('valid-bom-crlf.csv'))).body.batchId as string);
      expect((bom.body.hospitals as { name: string }[]).map((h) => h.name)).toEqual(['Centro de Saúde Sé', 'Klinikum Süd']);
      const header = await waitForBatch(asAdmin, (await asAdmin.upload(fixture('header-case.csv'))).body.batchId as string);
      expect(header.body.hospitals[0]).toMatchObject({
        name: 'Thames Valley Infirmary',
        address: '1 Riverside Walk',
        phone: '+44 20 7946 0000',
      });
    });

    describe('Idempotency-Key', () => {
      it('answers the same batch for the same file, and creates it once', async () => {
        const key = `import-${randomUUID()}`;
        const file = fixture('max-rows.csv');
        const first = await asAdmin.upload(file, { idempotencyKey: key });
        expect(first.status).toBe(201);
        const again = await asAdmin.upload(file, { idempotencyKey: key, filename: 'renamed.csv' });
        expect(again.status).toBe(201);
        expect(again.body).toEqual(first.body);
        expect(again.headers['idempotent-replayed']).toBe('true');
        expect(first.headers['idempotent-replayed']).toBeUndefined();
        const rows = await t.db.query('SELECT id FROM hospital_import_batches WHERE idempotency_key = $1', [key]);
        expect(rows).toHaveLength(1);
        expect(await outboxTypes(t, first.body.batchId as string)).toContain('hospitals.HospitalBatchUploaded.v1');
      });

      it('creates one batch when the same request arrives twice at once', async () => {
        const key = `race-${randomUUID()}`;
        const results = await Promise.all([1, 2, 3].map(() => asAdmin.upload(fixture('valid.csv'), { idempotencyKey: key })));
        expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
        expect(new Set(results.map((r) => r.body.batchId as string)).size).toBe(1);
        expect(await t.db.query('SELECT id FROM hospital_import_batches WHERE idempotency_key = $1', [key])).toHaveLength(1);
      });

      it('refuses the key with a different file (422) and creates nothing', async () => {
        const key = `import-${randomUUID()}`;
        const first = await asAdmin.upload(fixture('valid.csv'), { idempotencyKey: key });
        expect(first.status).toBe(201);
        const before = await counts();
        const other = await asAdmin.upload(fixture('quoted.csv'), { idempotencyKey: key });
        expect(other.status).toBe(422);
        expect(other.headers['content-type']).toMatch(PROBLEM);
        expect(other.body).toMatchObject({ code: 'HOSPITAL.IDEMPOTENCY_KEY_REUSED', batchId: first.body.batchId });
        expect((await counts()).batches).toBe(before.batches);
      });

      it('keeps keys apart per uploader', async () => {
        const key = `shared-${randomUUID()}`;
        const otherAdmin = apiAs(t, await tokenFor(t, 'admin'));
        const mine = await asAdmin.upload(fixture('valid.csv'), { idempotencyKey: key });
        const theirs = await otherAdmin.upload(fixture('valid.csv'), { idempotencyKey: key });
        expect(theirs.status).toBe(201);
        expect(theirs.body.batchId).not.toBe(mine.body.batchId);
      });

      it.each([
        ['over 200 characters', 'k'.repeat(201)],
        ['with spaces', 'two words'],
      ])('refuses a key %s with 400', async (_case, key) => {
        const res = await asAdmin.upload(fixture('valid.csv'), { idempotencyKey: key });
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
      });
    });
  });

  describe('permissions', () => {
    it('lets a nurse read batches but not validate or upload', async () => {
      // Earlier batches may still be adding hospitals: compare what a refused upload could have written.
      const { batches, events } = await counts();
      const upload = await asNurse.upload(fixture('valid.csv'));
      expect(upload.status).toBe(403);
      expect(upload.body.code).toBe('AUTH.PERMISSION_REQUIRED');
      expect((await asNurse.validate(fixture('valid.csv'))).status).toBe(403);
      expect(await counts()).toMatchObject({ batches, events });

      const { batchId } = (await asAdmin.upload(fixture('valid.csv'))).body as { batchId: string };
      expect((await asNurse.get(`/hospitals/batch/${batchId}`)).status).toBe(200);
    });

    it('refuses uploads without a token', async () => {
      const res = await t
        .http()
        .post('/api/v1/hospitals/bulk')
        .attach('file', fixture('valid.csv'), { filename: 'h.csv', contentType: 'text/csv' });
      expect(res.status).toBe(401);
    });
  });
});
