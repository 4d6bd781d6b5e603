import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline, type Readable, Transform } from 'node:stream';

/** Every temporary upload's name starts so, and only theirs: the start-up sweep removes nothing else. */
export const TEMP_UPLOAD_PREFIX = 'hms-import-';

/** Left behind by a process that died mid-request when older than this; no request takes an hour. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/** What the storage engine adds to multer's file record (`req.file`). */
export interface StoredUpload {
  readonly path: string;
  readonly size: number;
  /** Hex, of the bytes as they arrived. */
  readonly sha256: string;
}

/** The part of multer's file record a storage engine is given. */
interface IncomingFile {
  readonly stream: Readable;
  path?: string;
}

type Callback<T = void> = (error: Error | null, result?: T) => void;

/**
 * A multer storage engine that streams each file part to a new temporary
 * file, never holding it in memory: a random name in `directory`, created
 * exclusively (`wx`) and readable by this user only (0600), its size and
 * SHA-256 computed on the way. A file whose part fails, or that multer
 * drops (too large, a client gone mid-upload), is removed once its stream
 * is closed; a stored one is the route's to remove (CsvUploadInterceptor).
 */
export class TempFileStorage {
  /** Write streams still open, so a removal waits for the descriptor to close before unlinking. */
  private readonly open = new WeakMap<IncomingFile, WriteStream>();

  constructor(private readonly directory: string) {}

  _handleFile(_req: unknown, file: IncomingFile, callback: Callback<StoredUpload>): void {
    const path = join(this.directory, `${TEMP_UPLOAD_PREFIX}${randomUUID()}.csv`);
    const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    // Set at once: multer's clean-up of an aborted request removes the files it knows a path of.
    file.path = path;
    this.open.set(file, out);
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    pipeline(file.stream, measure, out, (error) => {
      if (!error) {
        callback(null, { path, size, sha256: hash.digest('hex') });
        return;
      }
      void discard(out, path).finally(() => callback(error));
    });
  }

  _removeFile(_req: unknown, file: IncomingFile, callback: Callback): void {
    const path = file.path;
    delete file.path;
    if (!path) {
      callback(null);
      return;
    }
    discard(this.open.get(file), path).then(
      () => callback(null),
      (error: unknown) => callback(error as Error),
    );
  }
}

/** Closes the file's stream if it is still open (an open still pending would create the file after an unlink), then removes it. */
export async function discard(out: WriteStream | undefined, path: string): Promise<void> {
  if (out && !out.closed) {
    await new Promise<void>((resolve) => {
      out.once('close', () => resolve());
      out.destroy();
    });
  }
  await removeTempFile(path);
}

/** Removes a temporary upload; one already gone is fine. */
export async function removeTempFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Makes the upload directory (0700 when it is new) and removes temporary
 * uploads an earlier process left there when it died mid-request: only
 * names with TEMP_UPLOAD_PREFIX, only those untouched for an hour, so
 * another process's upload in progress is safe. Answers how many it removed.
 */
export async function prepareUploadDirectory(directory: string, now = Date.now()): Promise<number> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  let removed = 0;
  for (const name of await readdir(directory)) {
    if (!name.startsWith(TEMP_UPLOAD_PREFIX)) continue;
    const path = join(directory, name);
    try {
      if (now - (await stat(path)).mtimeMs < STALE_AFTER_MS) continue;
      await removeTempFile(path);
      removed += 1;
    } catch {
      // Gone meanwhile, or not ours to remove: left alone.
    }
  }
  return removed;
}
