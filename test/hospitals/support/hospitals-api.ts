import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@jest/globals';
import { waitFor } from '@hms/testing';
import type { Response } from 'supertest';
import { bearer } from '../../support/auth.js';
import type { TestApp } from '../../support/test-app.js';
import { ObjectStorage } from '../../../src/infrastructure/storage/object-storage.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** The bytes of a fixture file under test/hospitals/fixtures. */
export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** A CSV of `rows` synthetic hospitals (Community Clinic 1, 1 Main Street, ...). */
export function generatedCsv(rows: number, from = 1): Buffer {
  const lines = ['name,address,phone'];
  for (let i = from; i < from + rows; i += 1)
    lines.push(`Community Clinic ${i},${i} Main Street,+1 555 ${String(i).padStart(7, '0')}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

export interface UploadOptions {
  readonly filename?: string;
  readonly contentType?: string;
  readonly idempotencyKey?: string;
  readonly field?: string;
}

/** Requests to /api/v1 with a caller's access token, and multipart uploads of CSV files. */
export function apiAs(t: TestApp, caller: { accessToken: string }) {
  const auth = bearer(caller.accessToken);
  const attach = (path: string, file: Buffer, options: UploadOptions = {}) => {
    const req = t.http().post(`/api/v1${path}`).set('Authorization', auth);
    if (options.idempotencyKey !== undefined) req.set('Idempotency-Key', options.idempotencyKey);
    return req.attach(options.field ?? 'file', file, {
      filename: options.filename ?? 'hospitals.csv',
      contentType: options.contentType ?? 'text/csv',
    });
  };
  return {
    get: (path: string) => t.http().get(`/api/v1${path}`).set('Authorization', auth),
    post: (path: string) => t.http().post(`/api/v1${path}`).set('Authorization', auth),
    patch: (path: string) => t.http().patch(`/api/v1${path}`).set('Authorization', auth),
    delete: (path: string) => t.http().delete(`/api/v1${path}`).set('Authorization', auth),
    upload: (file: Buffer, options?: UploadOptions) => attach('/hospitals/bulk', file, options),
    validate: (file: Buffer, options?: UploadOptions) => attach('/hospitals/bulk/validate', file, options),
  };
}

export type Api = ReturnType<typeof apiAs>;

/** Polls GET /hospitals/batch/:id until the batch has left IN_PROGRESS; answers that response. */
export function waitForBatch(api: Api, batchId: string, timeoutMs = 20_000): Promise<Response> {
  return waitFor(
    async () => {
      const res = await api.get(`/hospitals/batch/${batchId}`);
      return res.status === 200 && res.body.status !== 'IN_PROGRESS' ? res : undefined;
    },
    `batch ${batchId} to finish`,
    { timeoutMs, intervalMs: 100 },
  );
}

/** Uploads a file and waits until the worker has finished it: the finished batch as the API shows it. */
export async function importedBatch<T = { batchId: string; hospitals: { id: string }[] }>(api: Api, file: Buffer): Promise<T> {
  const res = await api.upload(file);
  expect(res.status).toBe(201);
  return (await waitForBatch(api, res.body.batchId as string)).body as T;
}

/** Event types recorded for an aggregate, in order. */
export async function outboxTypes(t: TestApp, aggregateId: string): Promise<string[]> {
  const rows = await t.db.query<{ type: string }>('SELECT type FROM outbox WHERE aggregate_id = $1 ORDER BY id', [aggregateId]);
  return rows.map((r) => r.type);
}

export async function outboxEvent(
  t: TestApp,
  aggregateId: string,
  type: string,
): Promise<{ payload: Record<string, unknown>; actor: Record<string, unknown>; aggregate_version: number } | undefined> {
  const [row] = await t.db.query<{ payload: Record<string, unknown>; actor: Record<string, unknown>; aggregate_version: number }>(
    'SELECT payload, actor, aggregate_version FROM outbox WHERE aggregate_id = $1 AND type = $2 ORDER BY id DESC LIMIT 1',
    [aggregateId, type],
  );
  return row;
}

/** Bytes in each part of a stored import file, as the upload cuts them (FILE_PART_BYTES). */
const FILE_PART_BYTES = 256 * 1024;

/** Stores a file for a batch row as the upload does, in parts. */
export async function storeFileInParts(t: TestApp, batchId: string, file: Buffer): Promise<void> {
  for (let part = 0; part * FILE_PART_BYTES < file.length; part += 1) {
    await t.db.query('INSERT INTO hospital_import_file_parts (batch_id, part, bytes) VALUES ($1, $2, $3)', [
      batchId,
      part,
      file.subarray(part * FILE_PART_BYTES, (part + 1) * FILE_PART_BYTES),
    ]);
  }
}

/** A batch's stored file: in object storage, or its parts put together for a batch stored in parts. */
export async function storedFile(t: TestApp, batchId: string): Promise<Buffer> {
  const [batch] = await t.db.query<{ file_key: string | null }>('SELECT file_key FROM hospital_import_batches WHERE id = $1', [
    batchId,
  ]);
  if (batch?.file_key) {
    const chunks: Buffer[] = [];
    for await (const chunk of await t.app.get(ObjectStorage).get(batch.file_key)) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks);
  }
  const parts = await t.db.query<{ bytes: Buffer }>(
    'SELECT bytes FROM hospital_import_file_parts WHERE batch_id = $1 ORDER BY part',
    [batchId],
  );
  return Buffer.concat(parts.map((p) => p.bytes));
}

/** How many files the app's object storage holds. */
export async function storedFileCount(t: TestApp): Promise<number> {
  let count = 0;
  for await (const _ of t.app.get(ObjectStorage).listStoredBefore('', new Date(Date.now() + 86_400_000))) count += 1;
  return count;
}
