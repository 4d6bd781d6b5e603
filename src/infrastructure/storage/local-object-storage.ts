import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  assertObjectKey,
  guardedBody,
  ObjectStorage,
  Sha256Counter,
  type StoredObject,
  StorageUnavailableError,
  StoredObjectNotFoundError,
} from './object-storage.js';

/** Beside each object, what was stored with it. */
const META = '.meta.json';
/** Objects being written: never listed, never read. */
const PARTIAL = '.partial-';

/**
 * Objects as files under one directory: each written to a temporary file,
 * flushed to disk and renamed into place, its checksum in a file beside it
 * (renamed first, so an object never appears without it).
 */
export class LocalObjectStorage extends ObjectStorage {
  constructor(private readonly root: string) {
    super();
  }

  async put(key: string, body: AsyncIterable<Uint8Array> | Buffer): Promise<StoredObject> {
    assertObjectKey(key);
    const path = this.pathOf(key);
    const partial = join(dirname(path), `${PARTIAL}${randomUUID()}`);
    const source = guardedBody(body);
    try {
      await mkdir(dirname(path), { recursive: true });
      const counter = new Sha256Counter();
      await pipeline(source.stream, counter, createWriteStream(partial, { flags: 'wx' }));
      await this.flush(partial);
      const object: StoredObject = { key, size: counter.byteCount, sha256: counter.digest(), storedAt: new Date() };
      await writeDurably(`${partial}${META}`, JSON.stringify(object));
      await rename(`${partial}${META}`, `${path}${META}`);
      await rename(partial, path);
      return object;
    } catch (error) {
      // Best effort: on a broken disk the cleanup fails as the write did.
      await rm(partial, { force: true }).catch(() => undefined);
      await rm(`${partial}${META}`, { force: true }).catch(() => undefined);
      throw source.failure() ?? new StorageUnavailableError(error);
    }
  }

  async get(key: string): Promise<NodeJS.ReadableStream> {
    const object = await this.head(key);
    if (!object) throw new StoredObjectNotFoundError(key);
    const bytes = createReadStream(this.pathOf(key));
    const checked = new Sha256Counter(object);
    bytes.on('error', (error) => checked.destroy(error));
    return bytes.pipe(checked);
  }

  async head(key: string): Promise<StoredObject | undefined> {
    assertObjectKey(key);
    try {
      const stored = JSON.parse(await readFile(`${this.pathOf(key)}${META}`, 'utf8')) as StoredObject;
      await stat(this.pathOf(key));
      return { ...stored, storedAt: new Date(stored.storedAt) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    await rm(this.pathOf(key), { force: true });
    await rm(`${this.pathOf(key)}${META}`, { force: true });
  }

  async *listStoredBefore(prefix: string, before: Date): AsyncIterable<Pick<StoredObject, 'key' | 'storedAt'>> {
    for await (const path of this.files(this.root)) {
      const key = relative(this.root, path).split(sep).join('/');
      if (!key.startsWith(prefix)) continue;
      const object = await this.head(key);
      if (object && object.storedAt < before) yield object;
    }
  }

  async check(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      await stat(this.root);
    } catch (error) {
      throw new StorageUnavailableError(error);
    }
  }

  private pathOf(key: string): string {
    return join(this.root, ...key.split('/'));
  }

  private async flush(path: string): Promise<void> {
    const handle = await open(path, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Every object's file under `dir`: neither the files beside them nor those being written. */
  private async *files(dir: string): AsyncIterable<string> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) yield* this.files(path);
      else if (!entry.name.endsWith(META) && !entry.name.startsWith(PARTIAL)) yield path;
    }
  }
}

async function writeDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
