import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@hms/testing';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, tokenFor } from '../support/auth.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiAs, type Api, fixture, generatedCsv, storedFile, storedFileCount, waitForBatch } from './support/hospitals-api.js';

const ROWS = 20_000;
const BOUNDARY = 'hms-test-boundary-7d1c';

/** Temporary uploads in a directory (what TempFileStorage names them). */
const uploadsIn = async (dir: string) => (await readdir(dir)).filter((name) => name.startsWith('hms-import-'));

/** A multipart body of one `file` part, as a browser sends it, cut in two around the middle of the file. */
function multipartHalves(file: Buffer): [Buffer, Buffer] {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="hospitals.csv"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const middle = Math.floor(file.length / 2);
  return [Buffer.concat([head, file.subarray(0, middle)]), Buffer.concat([file.subarray(middle), tail])];
}

/**
 * Uploads with the server in mid-upload for as long as the test likes: the
 * first half of the body is sent, then the request waits for `then` (which
 * may look at the server meanwhile) before sending the rest, or before the
 * client goes away (`then` answering 'disconnect').
 */
async function uploadInTwoHalves(
  origin: string,
  token: string,
  file: Buffer,
  then: () => Promise<'finish' | 'disconnect'>,
  requestId = 'upload-in-two-halves',
): Promise<{ status: number; body: Record<string, unknown> } | 'disconnected'> {
  const [first, second] = multipartHalves(file);
  const url = new URL('/api/v1/hospitals/bulk', origin);
  const req: ClientRequest = httpRequest(url, {
    method: 'POST',
    headers: {
      Host: 'localhost',
      Authorization: bearer(token),
      'X-Request-ID': requestId,
      'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
      'Content-Length': String(first.length + second.length),
    },
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  req.write(first);
  if ((await then()) === 'disconnect') {
    response.catch(() => undefined); // the socket hangs up: that is the point
    req.destroy();
    return 'disconnected';
  }
  req.end(second);
  const res = await response;
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return { status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> };
}

/**
 * Uploads are streamed to a temporary file, not held in memory (ADR 8): a
 * file of their own, only the server's user may read, growing as the bytes
 * arrive, and gone before the answer whatever the outcome. A client that
 * goes away mid-upload leaves neither a file nor a batch.
 */
describe('temporary upload files', () => {
  let dir: string;
  let t: TestApp;
  let api: Api;
  let token: string;
  let origin: string;

  const counts = async () => ({
    batches: (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hospital_import_batches'))[0].n,
    files: await storedFileCount(t),
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hms-upload-test-'));
    t = await startTestApp({
      env: {
        HOSPITAL_IMPORT_TMP_DIR: dir,
        HOSPITAL_IMPORT_MAX_ROWS: String(ROWS),
        HOSPITAL_IMPORT_MAX_BYTES: '2mb',
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        LOG_LEVEL: 'info',
      },
    });
    const admin = await tokenFor(t, 'admin');
    token = admin.accessToken;
    api = apiAs(t, admin);
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('streams an upload to a new 0600 file that grows as the bytes arrive, and removes it before answering', async () => {
    const file = generatedCsv(ROWS);
    expect(file.length).toBeGreaterThan(1024 * 1024);
    let seen: { name: string; mode: number; size: number } | undefined;
    const res = await uploadInTwoHalves(origin, token, file, async () => {
      // Half the file has been sent: it is on disk already, not in memory, and only half of it.
      seen = await waitFor(
        async () => {
          const [name] = await uploadsIn(dir);
          if (!name) return undefined;
          const { mode, size } = await stat(join(dir, name));
          return size > 0 ? { name, mode: mode & 0o777, size } : undefined;
        },
        'the temporary file to receive bytes',
        { timeoutMs: 10_000, intervalMs: 10 },
      );
      return 'finish';
    });
    expect(seen).toMatchObject({ name: expect.stringMatching(/^hms-import-[0-9a-f-]{36}\.csv$/), mode: 0o600 });
    expect(seen!.size).toBeLessThan(file.length);
    expect(res).toMatchObject({ status: 201, body: { totalHospitals: ROWS } });
    // Removed before the answer left: nothing to wait for.
    expect(await uploadsIn(dir)).toEqual([]);

    const batchId = (res as { body: Record<string, unknown> }).body.batchId as string;
    expect((await storedFile(t, batchId)).equals(file)).toBe(true);
    const done = await waitForBatch(api, batchId, 30_000);
    expect(done.body).toMatchObject({ status: 'COMPLETED', processedHospitals: ROWS });
  }, 60_000);

  it('leaves no file and no batch when the client goes away mid-upload', async () => {
    const before = await counts();
    const res = await uploadInTwoHalves(
      origin,
      token,
      generatedCsv(ROWS),
      async () => {
        await waitFor(async () => (await uploadsIn(dir)).length === 1, 'the temporary file', {
          timeoutMs: 10_000,
          intervalMs: 10,
        });
        return 'disconnect';
      },
      'upload-cut-short',
    );
    expect(res).toBe('disconnected');
    await waitFor(
      () => t.logs.entries().find((e) => e.reqId === 'upload-cut-short' && e.msg === 'request aborted'),
      'the cut-short request’s log line',
    );
    await waitFor(async () => (await uploadsIn(dir)).length === 0, 'the temporary file to be removed', { timeoutMs: 10_000 });
    // Give a late handler every chance to write something it should not.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await counts()).toEqual(before);
    // A client going away is not the server's error: no 500, nothing logged as one.
    expect(t.logs.entries().filter((e) => Number(e.level) >= 50)).toEqual([]);
    expect(await uploadsIn(dir)).toEqual([]);
    // The server is none the worse: the next upload goes through.
    expect((await api.upload(fixture('valid.csv'))).status).toBe(201);
  }, 30_000);

  it('removes the file of a refused upload: too large (413), invalid CSV (400), and after a validation (200)', async () => {
    const before = await counts();
    const tooLarge = await api.upload(Buffer.concat([generatedCsv(ROWS), generatedCsv(ROWS, ROWS + 1)]));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ code: 'HOSPITAL.IMPORT_FILE_TOO_LARGE' });
    await waitFor(async () => (await uploadsIn(dir)).length === 0, 'the oversized file to be removed', { timeoutMs: 10_000 });

    const invalid = await api.upload(fixture('invalid-rows.csv'));
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'HOSPITAL.INVALID_CSV' });
    expect(await uploadsIn(dir)).toEqual([]);

    const validated = await api.validate(generatedCsv(500));
    expect(validated.body).toEqual({ message: 'CSV is valid', totalRows: 500 });
    expect(await uploadsIn(dir)).toEqual([]);

    const notCsv = await api.upload(fixture('logo.png'), { contentType: 'image/png', filename: 'logo.png' });
    expect(notCsv.status).toBe(415);
    expect(await uploadsIn(dir)).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('removes, at start-up, temporary uploads a dead process left behind, and nothing else', async () => {
    const other = await mkdtemp(join(tmpdir(), 'hms-upload-test-'));
    try {
      const stale = join(other, 'hms-import-00000000-0000-4000-8000-000000000000.csv');
      const fresh = join(other, 'hms-import-00000000-0000-4000-8000-000000000001.csv');
      const foreign = join(other, 'notes.csv');
      for (const path of [stale, fresh, foreign]) await writeFile(path, 'name,address\n');
      const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
      await utimes(stale, twoHoursAgo, twoHoursAgo);
      await utimes(foreign, twoHoursAgo, twoHoursAgo);
      const second = await startTestApp({ env: { HOSPITAL_IMPORT_TMP_DIR: other } });
      try {
        expect((await readdir(other)).sort()).toEqual(['hms-import-00000000-0000-4000-8000-000000000001.csv', 'notes.csv']);
      } finally {
        await second.close();
      }
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
