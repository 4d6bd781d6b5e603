import { describe, expect, it } from '@jest/globals';
import {
  admitAttempt,
  countFailure,
  delayAfter,
  isLocked,
  lockKeepsOut,
  registerFailure,
  remembered,
  secondsUntilNextAttempt,
} from './lockout-policy.js';

const throttle = { accountAddressFreeFailures: 5, addressFreeFailures: 20, maxDelaySeconds: 900, forgetAfterSeconds: 3600 };
const lockout = { threshold: 100, distinctAddresses: 10, windowSeconds: 86_400, durationSeconds: 900 };
const t = (seconds: number) => new Date(Date.UTC(2026, 10, 22, 8, 0, 0) + seconds * 1000);

describe('delayAfter', () => {
  it('lets the free failures through, then doubles from 1 s up to the cap', () => {
    const delays = [0, 1, 4, 5, 6, 7, 8, 14, 15, 16, 500].map((n) => delayAfter(n, 5, 900));
    expect(delays).toEqual([0, 0, 0, 1, 2, 4, 8, 512, 900, 900, 900]);
  });
});

describe('remembered and countFailure', () => {
  it('counts on while failures keep coming, and starts again after the forget period of quiet', () => {
    const count = { failures: 7, lastFailureAt: t(0) };
    expect(remembered(count, t(3599), throttle)).toBe(7);
    expect(remembered(count, t(3600), throttle)).toBe(0);
    expect(countFailure(count, t(10), throttle)).toEqual({ failures: 8, lastFailureAt: t(10) });
    expect(countFailure(count, t(3600), throttle)).toEqual({ failures: 1, lastFailureAt: t(3600) });
    expect(countFailure(undefined, t(5), throttle)).toEqual({ failures: 1, lastFailureAt: t(5) });
  });
});

describe('secondsUntilNextAttempt', () => {
  it('counts the wait from the last failure, in whole seconds rounded up', () => {
    const count = { failures: 7, lastFailureAt: t(0) };
    expect(secondsUntilNextAttempt(count, 5, t(0), throttle)).toBe(4);
    expect(secondsUntilNextAttempt(count, 5, new Date(t(0).getTime() + 100), throttle)).toBe(4);
    expect(secondsUntilNextAttempt(count, 5, t(3), throttle)).toBe(1);
    expect(secondsUntilNextAttempt(count, 5, t(4), throttle)).toBe(0);
    expect(secondsUntilNextAttempt({ failures: 4, lastFailureAt: t(0) }, 5, t(0), throttle)).toBe(0);
    expect(secondsUntilNextAttempt(undefined, 5, t(0), throttle)).toBe(0);
  });
});

describe('admitAttempt', () => {
  const fresh = { failures: 1, lastFailureAt: t(0) };
  const pairThrottled = { failures: 6, lastFailureAt: t(0) }; // waits 2 s
  const addressThrottled = { failures: 25, lastFailureAt: t(0) }; // waits 32 s

  it('admits an attempt no throttle holds back', () => {
    expect(admitAttempt({ accountAddress: fresh, address: fresh, usualAddress: false }, t(0), throttle)).toEqual({
      admitted: true,
    });
    expect(admitAttempt({ usualAddress: false }, t(0), throttle)).toEqual({ admitted: true });
  });

  it("refuses while the account's own failures from this address make it wait, usual address or not", () => {
    for (const usualAddress of [false, true]) {
      expect(admitAttempt({ accountAddress: pairThrottled, usualAddress }, t(1), throttle)).toEqual({
        admitted: false,
        limit: 'account-address',
        retryAfterSeconds: 1,
      });
    }
  });

  it('refuses an address throttled over every account, naming the longer wait', () => {
    expect(admitAttempt({ address: addressThrottled, usualAddress: false }, t(2), throttle)).toEqual({
      admitted: false,
      limit: 'address',
      retryAfterSeconds: 30,
    });
    expect(
      admitAttempt({ accountAddress: pairThrottled, address: addressThrottled, usualAddress: false }, t(0), throttle),
    ).toEqual({
      admitted: false,
      limit: 'address',
      retryAfterSeconds: 32,
    });
  });

  it('lets a usual address through a throttle failures on other accounts caused, saying what a wrong password answers', () => {
    expect(admitAttempt({ address: addressThrottled, usualAddress: true }, t(2), throttle)).toEqual({
      admitted: true,
      exemptedFrom: { limit: 'address', retryAfterSeconds: 30 },
    });
  });
});

describe('registerFailure', () => {
  const none = { failedCount: 0, firstFailedAt: null };

  it('counts failures in a window from the first one, and starts again when it has passed', () => {
    const first = registerFailure(none, 1, t(0), lockout);
    expect(first).toEqual({ failedCount: 1, firstFailedAt: t(0) });
    expect(registerFailure(first, 1, t(60), lockout)).toEqual({ failedCount: 2, firstFailedAt: t(0) });
    expect(registerFailure({ failedCount: 99, firstFailedAt: t(0) }, 1, t(86_400), lockout)).toEqual({
      failedCount: 1,
      firstFailedAt: t(86_400),
    });
  });

  it('locks only beyond the high threshold, whatever the addresses', () => {
    expect(registerFailure({ failedCount: 98, firstFailedAt: t(0) }, 1, t(10), lockout).lock).toBeUndefined();
    expect(registerFailure({ failedCount: 99, firstFailedAt: t(0) }, 1, t(10), lockout)).toEqual({
      failedCount: 100,
      firstFailedAt: t(0),
      lock: { cause: 'failures', until: t(910) },
    });
  });

  it('locks when failures come from many distinct addresses, even a few of them', () => {
    expect(registerFailure({ failedCount: 8, firstFailedAt: t(0) }, 9, t(10), lockout).lock).toBeUndefined();
    expect(registerFailure({ failedCount: 9, firstFailedAt: t(0) }, 10, t(10), lockout).lock).toEqual({
      cause: 'addresses',
      until: t(910),
    });
  });

  it('locks until an administrator lifts it when the duration is 0', () => {
    const outcome = registerFailure({ failedCount: 99, firstFailedAt: t(0) }, 1, t(5), { ...lockout, durationSeconds: 0 });
    expect(outcome.lock).toEqual({ cause: 'failures', until: null });
  });
});

describe('isLocked and lockKeepsOut', () => {
  it('lifts a timed lock once its time has passed, keeps an open-ended one', () => {
    expect(isLocked('locked', t(100), t(99))).toBe(true);
    expect(isLocked('locked', t(100), t(100))).toBe(false);
    expect(isLocked('locked', null, t(10_000))).toBe(true);
    expect(isLocked('active', null, t(0))).toBe(false);
  });

  it('never keeps out an address the user usually signs in from', () => {
    expect(lockKeepsOut('locked', null, false, t(0))).toBe(true);
    expect(lockKeepsOut('locked', null, true, t(0))).toBe(false);
    expect(lockKeepsOut('active', null, false, t(0))).toBe(false);
  });
});
