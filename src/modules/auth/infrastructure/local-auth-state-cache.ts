/** A read of one key in flight, and what happened to the key before it settled. */
export interface LocalRead {
  readonly key: string;
  readonly startedAtMs: number;
  /** The key was dropped (a forget named it), so what the read fetched may predate the change. */
  forgotten: boolean;
  /** The key was dropped or the cache emptied: what the read fetched is not kept in memory. */
  stale: boolean;
}

interface Entry {
  readonly value: unknown;
  readonly expiresAtMs: number;
}

/**
 * Session and permission state kept in process memory for `ttlMs` (ADR 27),
 * in front of Redis. It serves only between `serve()` and `bypass()`, which
 * its owner calls as its subscription to the other processes' forget
 * messages starts and ends; both empty it.
 *
 * A value is stored only by the read that fetched it, and not if the key was
 * dropped while that read was in flight: otherwise a read that fetched the
 * state just before a change would store it just after the change's drop,
 * and serve it for a whole TTL. Entries live `ttlMs` from the start of the
 * read that fetched them; beyond `maxEntries` the oldest, the nearest to its
 * expiry, is dropped first.
 */
export class LocalAuthStateCache {
  private readonly entries = new Map<string, Entry>();
  private readonly reads = new Map<string, Set<LocalRead>>();
  private on = false;

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get serving(): boolean {
    return this.on;
  }

  /** Starts serving (a TTL of 0 never does), empty: what was dropped meanwhile may have been missed. */
  serve(): void {
    this.clear();
    this.on = this.ttlMs > 0;
  }

  /** Stops serving, and forgets what it held: from now on every read goes to Redis. */
  bypass(): void {
    this.clear();
    this.on = false;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value kept under `key` and not yet expired, or undefined (always while bypassed). */
  get<T>(key: string, nowMs: number): T | undefined {
    if (!this.on) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs > nowMs) return entry.value as T;
    this.entries.delete(key);
    return undefined;
  }

  /** Registers a read of `key` about to ask Redis or PostgreSQL; settle it when done, whatever the outcome. */
  begin(key: string, nowMs: number): LocalRead {
    const read: LocalRead = { key, startedAtMs: nowMs, forgotten: false, stale: false };
    let pending = this.reads.get(key);
    if (!pending) this.reads.set(key, (pending = new Set()));
    pending.add(read);
    return read;
  }

  /** Ends a read; its value (null: nothing found, kept nowhere) is stored unless the read went stale. */
  settle(read: LocalRead, value: unknown): void {
    const pending = this.reads.get(read.key);
    pending?.delete(read);
    if (pending?.size === 0) this.reads.delete(read.key);
    if (read.stale || !this.on || value === null || value === undefined) return;
    const expiresAtMs = read.startedAtMs + this.ttlMs;
    this.entries.delete(read.key);
    if (this.entries.size >= this.maxEntries) {
      // A Map iterates in insertion order: the first key is the oldest, and the nearest to its expiry.
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(read.key, { value, expiresAtMs });
  }

  /** Forgets the keys, and makes reads of them in flight store nothing. */
  drop(keys: Iterable<string>): void {
    for (const key of keys) {
      this.entries.delete(key);
      for (const read of this.reads.get(key) ?? []) read.forgotten = read.stale = true;
    }
  }

  /** Forgets everything, and makes every read in flight store nothing. */
  clear(): void {
    this.entries.clear();
    for (const pending of this.reads.values()) for (const read of pending) read.stale = true;
  }
}
