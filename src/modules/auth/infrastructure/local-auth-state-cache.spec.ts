import { describe, expect, it } from '@jest/globals';
import { LocalAuthStateCache } from './local-auth-state-cache.js';

const serving = (ttlMs = 1_000, maxEntries = 100) => {
  const cache = new LocalAuthStateCache(ttlMs, maxEntries);
  cache.serve();
  return cache;
};
const store = (cache: LocalAuthStateCache, key: string, value: unknown, atMs = 0) => cache.settle(cache.begin(key, atMs), value);

describe('LocalAuthStateCache', () => {
  it('serves a stored value for its TTL, counted from the start of the read that fetched it', () => {
    const cache = serving(1_000);
    const read = cache.begin('s1', 100);
    cache.settle(read, { id: 1 });
    expect(cache.get('s1', 1_099)).toEqual({ id: 1 });
    expect(cache.get('s1', 1_100)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('serves nothing until serve(), nor after bypass(), and forgets what it held either way', () => {
    const cache = new LocalAuthStateCache(1_000, 100);
    store(cache, 's1', 'a');
    expect(cache.get('s1', 0)).toBeUndefined();
    cache.serve();
    store(cache, 's1', 'a');
    expect(cache.get('s1', 0)).toBe('a');
    cache.bypass();
    expect(cache.serving).toBe(false);
    expect(cache.get('s1', 0)).toBeUndefined();
    cache.serve();
    expect(cache.get('s1', 0)).toBeUndefined();
  });

  it('never serves with a TTL of 0', () => {
    const cache = serving(0);
    store(cache, 's1', 'a');
    expect(cache.serving).toBe(false);
    expect(cache.get('s1', 0)).toBeUndefined();
  });

  it('keeps nothing for a read that found nothing', () => {
    const cache = serving();
    store(cache, 's1', null);
    expect(cache.size).toBe(0);
  });

  it('drops keys, and a read of a dropped key in flight stores nothing: it may have fetched the state before the change', () => {
    const cache = serving();
    store(cache, 's1', 'old');
    store(cache, 'u1', 'user');
    const inFlight = cache.begin('s1', 10);
    const other = cache.begin('u2', 10);
    cache.drop(['s1']);
    expect(cache.get('s1', 10)).toBeUndefined();
    expect(cache.get('u1', 10)).toBe('user');
    expect([inFlight.stale, inFlight.forgotten]).toEqual([true, true]);
    cache.settle(inFlight, 'old');
    expect(cache.get('s1', 10)).toBeUndefined();
    // A read begun after the drop stores what it fetched, and so does one of another key.
    store(cache, 's1', 'new', 20);
    cache.settle(other, 'u2');
    expect([cache.get('s1', 20), cache.get('u2', 20)]).toEqual(['new', 'u2']);
  });

  it('makes every read in flight store nothing when cleared, bypassed or served anew', () => {
    for (const reset of [(c: LocalAuthStateCache) => c.clear(), (c: LocalAuthStateCache) => c.serve()]) {
      const cache = serving();
      const read = cache.begin('s1', 0);
      reset(cache);
      // Nothing named the key: what the read fetched may still go to Redis, just not into memory.
      expect([read.stale, read.forgotten]).toEqual([true, false]);
      cache.settle(read, 'fetched before the reset');
      expect(cache.get('s1', 0)).toBeUndefined();
    }
    const cache = serving();
    const read = cache.begin('s1', 0);
    cache.bypass();
    cache.serve();
    cache.settle(read, 'fetched while bypassed');
    expect(cache.get('s1', 0)).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the oldest first', () => {
    const cache = serving(1_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) store(cache, key, key);
    expect(cache.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((key) => cache.get(key, 0))).toEqual([undefined, 'b', 'c', 'd']);
    // Stored again, a key counts as new.
    store(cache, 'b', 'b2');
    store(cache, 'e', 'e');
    expect(['b', 'c', 'd', 'e'].map((key) => cache.get(key, 0))).toEqual(['b2', undefined, 'd', 'e']);
  });
});
