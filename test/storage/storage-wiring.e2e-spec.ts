import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { ObjectStorage } from '../../src/infrastructure/storage/object-storage.js';
import { S3ObjectStorage } from '../../src/infrastructure/storage/s3-object-storage.js';
import { StorageRetention } from '../../src/infrastructure/storage/storage-retention.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DAY_MS = 24 * 3600 * 1000;

/** The app's ObjectStorage is the driver its configuration names, and its worker removes files past their retention. */
describe('object storage in the app (ADR 37)', () => {
  let dir: string;
  let server: S3rver;
  let endpoint: string;
  let t: TestApp | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hms-storage-app-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
    endpoint = `http://127.0.0.1:${(await server.run()).port}`;
  });
  afterAll(async () => {
    await t?.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('removes what was stored longer ago than STORAGE_RETENTION_DAYS, and nothing newer', async () => {
    t = await startTestApp({ env: { STORAGE_RETENTION_DAYS: '30' } });
    const storage = t.app.get(ObjectStorage);
    await storage.put('intake/a.csv', Buffer.from('a\n'));
    await storage.put('hospitals/b.csv', Buffer.from('b\n'));
    const retention = t.app.get(StorageRetention);
    expect(await retention.sweep(new Date(Date.now() + 29 * DAY_MS))).toBe(0);
    expect(await storage.head('intake/a.csv')).toBeDefined();
    expect(await retention.sweep(new Date(Date.now() + 31 * DAY_MS))).toBe(2);
    expect(await storage.head('intake/a.csv')).toBeUndefined();
    expect(await storage.head('hospitals/b.csv')).toBeUndefined();
    await t.close();
    t = undefined;
  });

  it('stores in the S3 bucket STORAGE_DRIVER=s3 names, and keeps files forever with a retention of 0', async () => {
    const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await client.send(new CreateBucketCommand({ Bucket: 'hms-app-files' }));
    t = await startTestApp({
      env: {
        STORAGE_DRIVER: 's3',
        S3_ENDPOINT: endpoint,
        S3_BUCKET: 'hms-app-files',
        S3_FORCE_PATH_STYLE: 'true',
        S3_ACCESS_KEY_ID: credentials.accessKeyId,
        S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        STORAGE_RETENTION_DAYS: '0',
      },
    });
    const storage = t.app.get(ObjectStorage);
    expect(storage).toBeInstanceOf(S3ObjectStorage);
    const stored = await storage.put('intake/c.csv', Buffer.from('c\n'));
    const head = await client.send(new HeadObjectCommand({ Bucket: 'hms-app-files', Key: 'intake/c.csv' }));
    expect(head.Metadata?.sha256).toBe(stored.sha256);
    expect(await t.app.get(StorageRetention).sweep(new Date(Date.now() + 10_000 * DAY_MS))).toBe(0);
    expect(await storage.head('intake/c.csv')).toBeDefined();
    client.destroy();
  });
});
