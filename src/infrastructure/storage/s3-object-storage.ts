import { randomUUID } from 'node:crypto';
import { type Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  assertObjectKey,
  guardedBody,
  ObjectStorage,
  Sha256Counter,
  type StoredObject,
  StorageUnavailableError,
  StoredObjectNotFoundError,
} from './object-storage.js';

export interface S3StorageOptions {
  /** Empty for AWS itself; the server's URL for MinIO, LocalStack or another S3-protocol server. */
  readonly endpoint?: string;
  readonly region: string;
  readonly bucket: string;
  /** `bucket` in the path instead of the host name (MinIO and most servers but AWS need it). */
  readonly forcePathStyle: boolean;
  /** Absent: the SDK's default chain (environment, instance or task role). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Objects being written, outside every key a caller can name (keys start with a letter or digit). */
const PARTIAL_PREFIX = '_partial/';
/** Parts of a multipart upload; the body is streamed, never held whole. */
const PART_SIZE = 8 * 1024 * 1024;

/**
 * Objects in an S3 bucket. A body is streamed (multipart) to a temporary key
 * while its SHA-256 is computed, then copied to its key with the checksum as
 * metadata, so an object never appears half-written or without its checksum.
 */
export class S3ObjectStorage extends ObjectStorage {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: S3StorageOptions) {
    super();
    this.bucket = options.bucket;
    this.client = new S3Client({
      endpoint: options.endpoint || undefined,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // The checksum is ours (SHA-256 in the metadata); servers other than AWS do not all take the SDK's.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 60_000 },
    });
  }

  async put(
    key: string,
    body: AsyncIterable<Uint8Array> | Buffer,
    options: { readonly contentType?: string } = {},
  ): Promise<StoredObject> {
    assertObjectKey(key);
    const partial = `${PARTIAL_PREFIX}${randomUUID()}`;
    const counter = new Sha256Counter();
    const source = guardedBody(body);
    source.stream.on('error', (error) => counter.destroy(error));
    try {
      await new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key: partial, Body: source.stream.pipe(counter), ContentType: options.contentType },
        partSize: PART_SIZE,
        queueSize: 2,
      }).done();
      const sha256 = counter.digest();
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: key,
          CopySource: `${this.bucket}/${partial}`,
          MetadataDirective: 'REPLACE',
          Metadata: { sha256, size: String(counter.byteCount) },
          ContentType: options.contentType,
        }),
      );
      const stored = await this.head(key);
      if (!stored || stored.sha256 !== sha256)
        throw new StorageUnavailableError(new Error('the copied object lost its checksum'));
      return stored;
    } catch (error) {
      throw source.failure() ?? unavailable(error);
    } finally {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: partial })).catch(() => undefined);
    }
  }

  async get(key: string): Promise<NodeJS.ReadableStream> {
    const object = await this.head(key);
    if (!object) throw new StoredObjectNotFoundError(key);
    let body: Readable;
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      body = res.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new StoredObjectNotFoundError(key);
      throw unavailable(error);
    }
    const checked = new Sha256Counter(object);
    body.on('error', (error) => checked.destroy(error));
    return body.pipe(checked);
  }

  async head(key: string): Promise<StoredObject | undefined> {
    assertObjectKey(key);
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      const sha256 = res.Metadata?.sha256;
      // An object written by something else has no checksum of ours: it cannot be verified, so it is not served.
      if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) return undefined;
      return { key, size: Number(res.ContentLength ?? 0), sha256, storedAt: res.LastModified ?? new Date(0) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw unavailable(error);
    }
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (!isNotFound(error)) throw unavailable(error);
    }
  }

  async *listStoredBefore(prefix: string, before: Date): AsyncIterable<Pick<StoredObject, 'key' | 'storedAt'>> {
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix || undefined, ContinuationToken: token }),
        );
      } catch (error) {
        throw unavailable(error);
      }
      for (const item of page.Contents ?? []) {
        if (!item.Key || item.Key.startsWith(PARTIAL_PREFIX) || !item.LastModified) continue;
        if (item.LastModified < before) yield { key: item.Key, storedAt: item.LastModified };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      throw unavailable(error);
    }
  }

  /** Closes the client's sockets. */
  close(): void {
    this.client.destroy();
  }
}

interface ServiceError {
  readonly name?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

function isNotFound(error: unknown): boolean {
  const e = error as ServiceError;
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

function unavailable(error: unknown): StorageUnavailableError {
  return error instanceof StorageUnavailableError ? error : new StorageUnavailableError(error);
}
