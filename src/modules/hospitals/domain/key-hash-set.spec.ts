import { describe, expect, it } from '@jest/globals';
import { hash64, KeyHashSet } from './key-hash-set.js';

describe('KeyHashSet', () => {
  it('answers true for a new key and false for one already added, across its growth', () => {
    const keys = new KeyHashSet();
    const key = (i: number) => `clinic ${i}\u0000${i} main street`;
    const added = Array.from({ length: 5_000 }, (_, i) => keys.add(key(i)));
    expect(added.every(Boolean)).toBe(true);
    expect(keys.size).toBe(5_000);
    const again = Array.from({ length: 5_000 }, (_, i) => keys.add(key(i)));
    expect(again.some(Boolean)).toBe(false);
    expect(keys.has('clinic 4999\u00004999 main street')).toBe(true);
    expect(keys.has('clinic 5000\u00005000 main street')).toBe(false);
    expect(keys.size).toBe(5_000);
  });

  it('hashes a key alike in a sibling set, and differently under other seeds', () => {
    const keys = new KeyHashSet([1, 2]);
    const sibling = keys.sibling();
    sibling.add('hillcrest clinic\u00003 elm way');
    expect(sibling.has('hillcrest clinic\u00003 elm way')).toBe(true);
    expect(hash64('hillcrest clinic', [1, 2])).toEqual(hash64('hillcrest clinic', [1, 2]));
    expect(hash64('hillcrest clinic', [1, 2])).not.toEqual(hash64('hillcrest clinic', [3, 4]));
    expect(hash64('hillcrest clinic', [1, 2])).not.toEqual(hash64('hillcrest clinid', [1, 2]));
  });
});
