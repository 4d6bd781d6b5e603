import { describe, expect, it } from '@jest/globals';
import { RelayPacer } from './relay-pacer.js';

/** Milliseconds until the promise settles, or Infinity if it has not within `limitMs`. */
async function settlesIn(promise: Promise<void>, limitMs: number): Promise<number> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    promise.then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), limitMs))),
  ]);
  clearTimeout(timer);
  return settled ? Date.now() - started : Infinity;
}

describe('RelayPacer', () => {
  it('waits for a wake-up when none came during the round', async () => {
    const pacer = new RelayPacer(60_000, 0);
    const next = pacer.next(pacer.roundStarted());
    expect(await settlesIn(next, 50)).toBe(Infinity);
    pacer.wake();
    expect(await settlesIn(next, 1_000)).toBeLessThan(1_000);
  });

  it('falls back to the poll interval', async () => {
    const pacer = new RelayPacer(30, 0);
    expect(await settlesIn(pacer.next(pacer.roundStarted()), 2_000)).toBeLessThan(2_000);
  });

  it('after a wake-up during the round, waits only for the minimum gap, which a wake-up does not cut short', async () => {
    const pacer = new RelayPacer(60_000, 200);
    const started = pacer.roundStarted();
    pacer.wake();
    const next = pacer.next(started);
    pacer.wake();
    expect(await settlesIn(next, 100)).toBe(Infinity);
    expect(await settlesIn(next, 2_000)).toBeLessThan(2_000);
  });

  it('stop() ends any wait at once, the minimum gap included, and every later one', async () => {
    const polling = new RelayPacer(60_000, 0);
    const waiting = polling.next(polling.roundStarted());
    polling.stop();
    expect(await settlesIn(waiting, 1_000)).toBeLessThan(1_000);

    const pacing = new RelayPacer(60_000, 60_000);
    const started = pacing.roundStarted();
    pacing.wake();
    const inGap = pacing.next(started);
    expect(await settlesIn(inGap, 50)).toBe(Infinity);
    pacing.stop();
    expect(await settlesIn(inGap, 1_000)).toBeLessThan(1_000);
    expect(await settlesIn(pacing.next(pacing.roundStarted()), 1_000)).toBeLessThan(1_000);
  });
});
