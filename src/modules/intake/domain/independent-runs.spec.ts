import { describe, expect, it } from '@jest/globals';
import { independentRuns } from './independent-runs.js';

type Item = { readonly mrn: string; readonly visit: string };
const keys = (item: Item) => [`mrn:${item.mrn}`, `visit:${item.visit}`];
const item = (mrn: string, visit: string): Item => ({ mrn, visit });

describe('independentRuns', () => {
  it('keeps items that share no key in one run', () => {
    const items = [item('A', '1'), item('B', '2'), item('C', '3')];
    expect(independentRuns(items, keys)).toEqual([items]);
  });

  it('starts a new run at an MRN or a visit number already in the run, keeping the order', () => {
    const items = [item('A', '1'), item('B', '2'), item('A', '3'), item('C', '4'), item('D', '3'), item('E', '5')];
    expect(independentRuns(items, keys)).toEqual([
      [items[0], items[1]],
      [items[2], items[3]],
      [items[4], items[5]],
    ]);
  });

  it('compares with the current run only: a key of an earlier run may come again', () => {
    const items = [item('A', '1'), item('A', '2'), item('B', '1')];
    expect(independentRuns(items, keys)).toEqual([[items[0]], [items[1], items[2]]]);
  });

  it('does not confuse an MRN with a visit number of the same text', () => {
    const items = [item('X1', 'Y'), item('Y', 'X1')];
    expect(independentRuns(items, keys)).toEqual([items]);
  });

  it('answers no run for no items, and one run per item when every item repeats', () => {
    expect(independentRuns([], keys)).toEqual([]);
    const same = [item('A', '1'), item('A', '1'), item('A', '1')];
    expect(independentRuns(same, keys)).toEqual([[same[0]], [same[1]], [same[2]]]);
  });
});
