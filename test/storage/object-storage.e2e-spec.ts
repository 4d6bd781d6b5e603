import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { LocalObjectStorage } from '../../src/infrastructure/storage/local-object-storage.js';
import {
  ChecksumMismatchError,
  type ObjectStorage,
  StorageUnavailableError,
  StoredObjectNotFoundError,
} from '../../src/infrastructure/storage/object-storage.js';
import { S3ObjectStorage } from '../../src/infrastructure/storage/s3-object-storage.js';
import { freePort } from '../support/free-port.js';

const BUCKET = 'hms-test-files';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** A driver under test, and a way to change its stored bytes behind its back. */
interface Driver {
  readonly storage: ObjectStorage;
  tamper(key: string, bytes: Buffer): Promise<void>;
  /** Every name the backend holds, temporary ones included. */
  names(): Promise<string[]>;
}

const read = async (stream: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** `rows` CSV lines generated as they are read, never held whole. */
const csvRows = (rows: number) =>
  Readable.from(
    (function* () {
      for (let i = 0; i < rows; i++) yield `MRN-${i},Given${i},Family${i},1980-01-01\n`;
    })(),
  );
const failingAfter = (bytes: number) =>
  new Readable({
    read() {
      if (this.readableLength === 0 && bytes > 0) {
        this.push(Buffer.alloc(Math.min(bytes, 64 * 1024), 'a'));
        bytes -= 64 * 1024;
      } else this.destroy(new Error('the client went away'));
    },
  });

describe.each(['local', 's3'] as const)('object storage, %s driver (ADR 37)', (kind) => {
  let driver: Driver;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), `hms-storage-${kind}-`));
    if (kind === 'local') {
      driver = {
        storage: new LocalObjectStorage(dir),
        tamper: (key, bytes) => writeFile(join(dir, ...key.split('/')), bytes),
        names: async () =>
          (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name),
      };
      cleanup = () => rm(dir, { recursive: true, force: true });
      return;
    }
    // A real S3-protocol server on a free port, its files in a temporary directory.
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const storage = new S3ObjectStorage({
      endpoint,
      region: 'us-east-1',
      bucket: BUCKET,
      forcePathStyle: true,
      credentials: CREDENTIALS,
    });
    driver = {
      storage,
      // Another writer replaces the bytes and keeps the metadata: only the checksum can tell.
      tamper: async (key, bytes) => {
        const head = await storage.head(key);
        await client.send(
          new PutObjectCommand({
            Bucket: BUCKET,
            Key: key,
            Body: bytes,
            Metadata: { sha256: head?.sha256 ?? '', size: String(head?.size) },
          }),
        );
      },
      names: async () =>
        ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key ?? ''),
    };
    cleanup = async () => {
      storage.close();
      client.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    };
  });
  afterAll(() => cleanup?.());

  it('streams a body in, with its size and SHA-256, and reads back the same bytes', async () => {
    const stored = await driver.storage.put('intake/2026/feed-a.csv', csvRows(200_000), { contentType: 'text/csv' });
    const bytes = await read(await driver.storage.get('intake/2026/feed-a.csv'));
    expect(bytes.length).toBeGreaterThan(8 * 1024 * 1024);
    expect(stored).toMatchObject({ key: 'intake/2026/feed-a.csv', size: bytes.length, sha256: sha256(bytes) });
    expect(bytes.subarray(0, 33).toString()).toBe('MRN-0,Given0,Family0,1980-01-01\nM');
    expect(await driver.storage.head('intake/2026/feed-a.csv')).toMatchObject({ size: bytes.length, sha256: sha256(bytes) });
    expect(Math.abs((await driver.storage.head('intake/2026/feed-a.csv'))!.storedAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('stores a buffer, and replaces an object of the same key', async () => {
    await driver.storage.put('intake/small.csv', Buffer.from('first\n'));
    const second = await driver.storage.put('intake/small.csv', Buffer.from('second version\n'));
    expect(second.size).toBe(15);
    expect((await read(await driver.storage.get('intake/small.csv'))).toString()).toBe('second version\n');
  });

  it('refuses to serve bytes that are not those written: the read fails at its end', async () => {
    await driver.storage.put('intake/tampered.csv', Buffer.from('MRN-1,Ada,Lovelace,1815-12-10\n'));
    await driver.tamper('intake/tampered.csv', Buffer.from('MRN-1,Ada,Byron,1815-12-10\n'));
    await expect(read(await driver.storage.get('intake/tampered.csv'))).rejects.toBeInstanceOf(ChecksumMismatchError);
  });

  it('leaves nothing behind when the body fails half-way, and answers the body’s own error', async () => {
    const before = await driver.names();
    await expect(driver.storage.put('intake/broken.csv', failingAfter(6 * 1024 * 1024))).rejects.toThrow('the client went away');
    expect(await driver.storage.head('intake/broken.csv')).toBeUndefined();
    expect((await driver.names()).sort()).toEqual(before.sort());
  });

  it('answers a missing object as not found, and refuses keys that could leave its root', async () => {
    expect(await driver.storage.head('intake/none.csv')).toBeUndefined();
    await expect(driver.storage.get('intake/none.csv')).rejects.toBeInstanceOf(StoredObjectNotFoundError);
    await driver.storage.delete('intake/none.csv');
    for (const key of ['../etc/passwd', '/abs.csv', 'a/../../b', 'a//b', '.hidden', 'a/./b', 'sp ace.csv', '']) {
      await expect(driver.storage.put(key, Buffer.from('x'))).rejects.toThrow(/invalid object key/);
    }
  });

  it('lists and deletes what was stored before an instant under a prefix, and nothing else', async () => {
    await driver.storage.put('retained/old-1.csv', Buffer.from('a'));
    await driver.storage.put('retained/old-2.csv', Buffer.from('b'));
    await driver.storage.put('kept/other.csv', Buffer.from('c'));
    const cutoff = new Date(Date.now() + 2_000);
    expect(await driver.storage.deleteStoredBefore('retained/', new Date(Date.now() - 60_000))).toBe(0);
    expect(await driver.storage.deleteStoredBefore('retained/', cutoff)).toBe(2);
    expect(await driver.storage.head('retained/old-1.csv')).toBeUndefined();
    expect(await driver.storage.head('kept/other.csv')).toBeDefined();
    await driver.storage.check();
  });
});

describe('object storage, unreachable', () => {
  it('answers StorageUnavailableError from an S3 server that does not answer, and from a directory it cannot write', async () => {
    const port = await freePort();
    const storage = new S3ObjectStorage({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      bucket: BUCKET,
      forcePathStyle: true,
      credentials: CREDENTIALS,
    });
    try {
      await expect(storage.check()).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(storage.put('intake/x.csv', Buffer.from('x'))).rejects.toBeInstanceOf(StorageUnavailableError);
    } finally {
      storage.close();
    }
    const file = join(await mkdtemp(join(tmpdir(), 'hms-storage-file-')), 'not-a-dir');
    await writeFile(file, 'x');
    await expect(new LocalObjectStorage(file).check()).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(new LocalObjectStorage(file).put('intake/x.csv', csvRows(10))).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});
