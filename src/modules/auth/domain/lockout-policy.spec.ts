import { describe, expect, it } from '@jest/globals';
import { isLocked, registerFailure } from './lockout-policy.js';

const policy = { threshold: 3, windowSeconds: 900, durationSeconds: 600 };
const t = (seconds: number) => new Date(Date.UTC(2026, 10, 22, 8, 0, seconds));

describe('registerFailure', () => {
  it('locks on the threshold-th failure inside the window', () => {
    let state = { failedCount: 0, firstFailedAt: null as Date | null };
    const first = registerFailure(state, t(0), policy);
    state = first;
    const second = registerFailure(state, t(10), policy);
    const third = registerFailure(second, t(20), policy);
    expect([first.locked, second.locked, third.locked]).toEqual([false, false, true]);
    expect(third.lockUntil).toEqual(t(620));
  });

  it('starts a new count when the window has passed', () => {
    const outcome = registerFailure({ failedCount: 2, firstFailedAt: t(0) }, t(901), policy);
    expect(outcome).toEqual({ failedCount: 1, firstFailedAt: t(901), locked: false });
  });

  it('locks until an administrator lifts it when the duration is 0', () => {
    const outcome = registerFailure({ failedCount: 2, firstFailedAt: t(0) }, t(5), { ...policy, durationSeconds: 0 });
    expect(outcome).toMatchObject({ locked: true, lockUntil: null });
  });
});

describe('isLocked', () => {
  it('lifts a timed lock once its time has passed, keeps an open-ended one', () => {
    expect(isLocked('locked', t(100), t(99))).toBe(true);
    expect(isLocked('locked', t(100), t(100))).toBe(false);
    expect(isLocked('locked', null, t(10_000))).toBe(true);
    expect(isLocked('active', null, t(0))).toBe(false);
  });
});
