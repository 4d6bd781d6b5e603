import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';

/** What the storage keeps about an object besides its bytes. */
export interface StoredObject {
  readonly key: string;
  readonly size: number;
  /** SHA-256 of the bytes, hex, computed while they were written. */
  readonly sha256: string;
  readonly storedAt: Date;
}

/** Keys are paths of plain segments: no `..`, no leading slash, nothing a driver would have to escape. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
const MAX_KEY_LENGTH = 512;

/** The storage cannot be reached or refused to work: the caller answers 503 and records nothing. */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super('object storage unavailable', { cause });
    this.name = 'StorageUnavailableError';
  }
}

export class StoredObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no stored object ${key}`);
    this.name = 'StoredObjectNotFoundError';
  }
}

/** The bytes read back are not those written: the object is damaged and must not be used. */
export class ChecksumMismatchError extends Error {
  constructor(readonly key: string) {
    super(`stored object ${key} does not match its checksum`);
    this.name = 'ChecksumMismatchError';
  }
}

export function assertObjectKey(key: string): void {
  if (key.length > MAX_KEY_LENGTH || !KEY.test(key) || key.split('/').some((segment) => /^\.+$/.test(segment))) {
    throw new Error(`invalid object key ${JSON.stringify(key.slice(0, 80))}`);
  }
}

/**
 * Object storage (ADR 37): a file written once under a key and read back
 * verified. Drivers: the local filesystem (the default) and S3.
 */
export abstract class ObjectStorage {
  /**
   * Streams `body` to `key`, computing its SHA-256 on the way; the object
   * appears under `key` only once every byte is stored, so a body that fails
   * half-way leaves nothing behind. Replaces an object of the same key (a
   * read racing the replacement may fail its check; it never serves bytes
   * other than those written).
   */
  abstract put(
    key: string,
    body: AsyncIterable<Uint8Array> | Buffer,
    options?: { readonly contentType?: string },
  ): Promise<StoredObject>;

  /** The object's bytes; the stream fails with ChecksumMismatchError at its end when they differ from those written. */
  abstract get(key: string): Promise<NodeJS.ReadableStream>;

  abstract head(key: string): Promise<StoredObject | undefined>;

  /** Removes the object; a key already gone is not an error. */
  abstract delete(key: string): Promise<void>;

  /** The objects under `prefix` stored before `before`, for retention. */
  abstract listStoredBefore(prefix: string, before: Date): AsyncIterable<Pick<StoredObject, 'key' | 'storedAt'>>;

  /** Throws StorageUnavailableError unless the storage answers (readiness). */
  abstract check(): Promise<void>;

  /** Removes the objects under `prefix` stored before `before`; answers how many. */
  async deleteStoredBefore(prefix: string, before: Date): Promise<number> {
    let deleted = 0;
    for await (const object of this.listStoredBefore(prefix, before)) {
      await this.delete(object.key);
      deleted += 1;
    }
    return deleted;
  }
}

/**
 * Passes bytes through, hashing and counting them; given what was written, it fails at the end
 * (ChecksumMismatchError) unless the bytes hash and count the same.
 */
export class Sha256Counter extends Transform {
  private readonly hash = createHash('sha256');
  // Not `size`: the S3 upload reads a body's `size` as its length before a byte has passed.
  byteCount = 0;

  constructor(private readonly expected?: { readonly key: string; readonly sha256: string; readonly size: number }) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.byteCount += chunk.length;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    const { expected } = this;
    if (!expected) return done();
    done(expected.size === this.byteCount && this.digest() === expected.sha256 ? null : new ChecksumMismatchError(expected.key));
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * The body as a stream that remembers whether reading it failed: a failure of the body (a client gone
 * mid-upload) is the caller's and is answered as it is; any other failure of a put is the storage's.
 */
export function guardedBody(body: AsyncIterable<Uint8Array> | Buffer): {
  readonly stream: Readable;
  failure(): Error | undefined;
} {
  let failure: Error | undefined;
  async function* read() {
    if (Buffer.isBuffer(body)) {
      yield body;
      return;
    }
    try {
      for await (const chunk of body) yield chunk;
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      throw failure;
    }
  }
  return { stream: Readable.from(read()), failure: () => failure };
}
