import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { RelayPacer } from './relay-pacer.js';

/**
 * Fake timers (Date.now included): each test moves the clock itself, so
 * "not yet" and "at once" are exact statements about the pacer, not about
 * how busy the machine is.
 */
beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

/** Watches a wait; `settled` turns true once it resolves. */
function watch(wait: Promise<void>): { readonly settled: boolean } {
  const state = { settled: false };
  void wait.then(() => (state.settled = true));
  return state;
}

/** Moves the fake clock (0: only lets pending callbacks and promises run). */
const advance = (ms: number) => jest.advanceTimersByTimeAsync(ms);

describe('RelayPacer', () => {
  it('waits for a wake-up when none came during the round, and goes at once on one', async () => {
    const pacer = new RelayPacer(60_000, 0);
    const next = watch(pacer.next(pacer.roundStarted()));
    await advance(59_999);
    expect(next.settled).toBe(false);
    pacer.wake();
    await advance(0);
    expect(next.settled).toBe(true);
  });

  it('falls back to the poll interval', async () => {
    const pacer = new RelayPacer(30, 0);
    const next = watch(pacer.next(pacer.roundStarted()));
    await advance(29);
    expect(next.settled).toBe(false);
    await advance(1);
    expect(next.settled).toBe(true);
  });

  it('after a wake-up during the round, waits only for the minimum gap, which a wake-up does not cut short', async () => {
    const pacer = new RelayPacer(60_000, 200);
    const started = pacer.roundStarted();
    pacer.wake();
    const next = watch(pacer.next(started));
    pacer.wake();
    await advance(199);
    expect(next.settled).toBe(false);
    pacer.wake();
    await advance(0);
    expect(next.settled).toBe(false);
    await advance(1);
    expect(next.settled).toBe(true);
  });

  it('counts the minimum gap from the start of the round, not from the call to next()', async () => {
    const pacer = new RelayPacer(60_000, 200);
    const started = pacer.roundStarted();
    pacer.wake();
    // The round's own work took 150 ms of the 200.
    await advance(150);
    const next = watch(pacer.next(started));
    await advance(49);
    expect(next.settled).toBe(false);
    await advance(1);
    expect(next.settled).toBe(true);

    // A round longer than the gap is followed at once.
    const long = pacer.roundStarted();
    pacer.wake();
    await advance(500);
    const after = watch(pacer.next(long));
    await advance(0);
    expect(after.settled).toBe(true);
  });

  it('forgets a wake-up of the previous round when the next one begins', async () => {
    const pacer = new RelayPacer(60_000, 0);
    pacer.wake();
    const next = watch(pacer.next(pacer.roundStarted()));
    await advance(1_000);
    expect(next.settled).toBe(false);
  });

  it('stop() ends any wait at once, the minimum gap included, and every later one', async () => {
    const polling = new RelayPacer(60_000, 0);
    const waiting = watch(polling.next(polling.roundStarted()));
    await advance(1_000);
    expect(waiting.settled).toBe(false);
    polling.stop();
    await advance(0);
    expect(waiting.settled).toBe(true);

    const pacing = new RelayPacer(60_000, 60_000);
    const started = pacing.roundStarted();
    pacing.wake();
    const inGap = watch(pacing.next(started));
    await advance(1_000);
    expect(inGap.settled).toBe(false);
    pacing.stop();
    await advance(0);
    expect(inGap.settled).toBe(true);
    const later = watch(pacing.next(pacing.roundStarted()));
    await advance(0);
    expect(later.settled).toBe(true);
  });
});
