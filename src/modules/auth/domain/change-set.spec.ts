import { describe, expect, it } from '@jest/globals';
import { changedKeys, diffSets } from './change-set.js';

describe('diffSets', () => {
  it('lists additions and removals, sorted, ignoring duplicates and order', () => {
    expect(diffSets(['b', 'a', 'c'], ['d', 'c', 'a', 'd'])).toEqual({ added: ['d'], removed: ['b'] });
    expect(diffSets(['a', 'b'], ['b', 'a'])).toEqual({ added: [], removed: [] });
  });
});

describe('changedKeys', () => {
  it('names the fields sent with a different value, treating null as a value and undefined as not sent', () => {
    const current = { displayName: 'A', hospitalId: 'h1' as string | null, profession: null as string | null };
    expect(changedKeys(current, { displayName: 'A', hospitalId: null, profession: undefined })).toEqual(['hospitalId']);
    expect(changedKeys(current, { profession: 'nurse' })).toEqual(['profession']);
    expect(changedKeys(current, {})).toEqual([]);
  });
});
