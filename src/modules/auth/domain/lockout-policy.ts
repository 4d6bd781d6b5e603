/**
 * Sign-in throttling and lockout (ADR 21). Failures slow down the address they come from, with
 * waits that double; an account is locked hard only by failures from many addresses or by a high
 * count, and even then not for the addresses its user usually signs in from.
 */

/** How failed sign-ins slow down the address they come from. */
export interface ThrottlePolicy {
  /** Failures on one account from one address before each further attempt from there waits. */
  readonly accountAddressFreeFailures: number;
  /** Failures from one address over every account (credential stuffing) before each further attempt waits. */
  readonly addressFreeFailures: number;
  /** The longest wait: waits double from 1 s up to it. */
  readonly maxDelaySeconds: number;
  /** A throttle forgets its failures after this long without one (longer than the longest wait). */
  readonly forgetAfterSeconds: number;
}

/** When an account is locked hard: for every address but the usual ones. */
export interface LockoutPolicy {
  /** Failures on the account within the window that lock it. */
  readonly threshold: number;
  /** Distinct addresses failing on the account within the window that lock it. */
  readonly distinctAddresses: number;
  readonly windowSeconds: number;
  /** How long a lock lasts; 0 keeps it until an administrator lifts it. */
  readonly durationSeconds: number;
}

export type ThrottleLimit = 'account-address' | 'address';

/** Failures a throttle counts, and when the last one was counted. */
export interface ThrottleCount {
  readonly failures: number;
  readonly lastFailureAt: Date;
}

/** Seconds to wait after `failures` failures: none while within the free ones, then 1, 2, 4, … up to the cap. */
export function delayAfter(failures: number, freeFailures: number, maxDelaySeconds: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(maxDelaySeconds, 2 ** Math.min(failures - freeFailures, 30));
}

/** The failures a throttle still counts at `now`: none once it has been quiet for the forget period. */
export function remembered(count: ThrottleCount | undefined, now: Date, policy: ThrottlePolicy): number {
  if (!count) return 0;
  return now.getTime() - count.lastFailureAt.getTime() >= policy.forgetAfterSeconds * 1000 ? 0 : count.failures;
}

/** The count after one more failure at `now` (a forgotten count starts again). */
export function countFailure(count: ThrottleCount | undefined, now: Date, policy: ThrottlePolicy): ThrottleCount {
  return { failures: remembered(count, now, policy) + 1, lastFailureAt: now };
}

/** Whole seconds until the throttle lets the next attempt through; 0 when it does now. */
export function secondsUntilNextAttempt(
  count: ThrottleCount | undefined,
  freeFailures: number,
  now: Date,
  policy: ThrottlePolicy,
): number {
  const delay = delayAfter(remembered(count, now, policy), freeFailures, policy.maxDelaySeconds);
  if (!count || delay === 0) return 0;
  const waitMs = count.lastFailureAt.getTime() + delay * 1000 - now.getTime();
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
}

export interface AttemptCounts {
  /** This account from this address. */
  readonly accountAddress?: ThrottleCount;
  /** This address, every account. */
  readonly address?: ThrottleCount;
  /** The user signed in from this address lately (always false for an unknown account). */
  readonly usualAddress: boolean;
}

export type Admission =
  | { readonly admitted: false; readonly limit: ThrottleLimit; readonly retryAfterSeconds: number }
  | {
      readonly admitted: true;
      /**
       * Set when the address is throttled but usual for the account: the attempt goes through, a right
       * password signs in, and a wrong one answers as the throttle would have (so the exemption reveals nothing).
       */
      readonly exemptedFrom?: { readonly limit: 'address'; readonly retryAfterSeconds: number };
    };

/**
 * Whether an attempt may be checked at all (before any password hashing). The account's own
 * failures from this address always count; the address's failures on other accounts do not
 * hold back an address the user usually signs in from.
 */
export function admitAttempt(counts: AttemptCounts, now: Date, policy: ThrottlePolicy): Admission {
  const accountAddress = secondsUntilNextAttempt(counts.accountAddress, policy.accountAddressFreeFailures, now, policy);
  const address = secondsUntilNextAttempt(counts.address, policy.addressFreeFailures, now, policy);
  const applicableAddress = counts.usualAddress ? 0 : address;
  if (accountAddress > 0 || applicableAddress > 0) {
    return accountAddress >= applicableAddress
      ? { admitted: false, limit: 'account-address', retryAfterSeconds: accountAddress }
      : { admitted: false, limit: 'address', retryAfterSeconds: applicableAddress };
  }
  if (address > 0) return { admitted: true, exemptedFrom: { limit: 'address', retryAfterSeconds: address } };
  return { admitted: true };
}

/** The account-wide count of failures: a fixed window from its first failure. */
export interface FailureState {
  readonly failedCount: number;
  readonly firstFailedAt: Date | null;
}

export type LockCause = 'failures' | 'addresses';

export interface FailureOutcome extends FailureState {
  /** Set when this failure locks the account. */
  readonly lock?: {
    readonly cause: LockCause;
    /** Null for a lock only an administrator lifts. */
    readonly until: Date | null;
  };
}

/** Whether the account's window is still open at `now`. */
export function windowOpen(state: FailureState, now: Date, policy: LockoutPolicy): boolean {
  return state.firstFailedAt !== null && now.getTime() - state.firstFailedAt.getTime() < policy.windowSeconds * 1000;
}

/**
 * Counts a failed password on the account. `distinctAddresses` is how many addresses failed on it
 * since the window opened, this one included. A success does not reset the count: failures from
 * elsewhere must not be wiped by the user signing in.
 */
export function registerFailure(
  state: FailureState,
  distinctAddresses: number,
  now: Date,
  policy: LockoutPolicy,
): FailureOutcome {
  const open = windowOpen(state, now, policy);
  const failedCount = open ? state.failedCount + 1 : 1;
  const firstFailedAt = open ? state.firstFailedAt : now;
  const cause: LockCause | undefined =
    failedCount >= policy.threshold ? 'failures' : distinctAddresses >= policy.distinctAddresses ? 'addresses' : undefined;
  if (!cause) return { failedCount, firstFailedAt };
  const until = policy.durationSeconds > 0 ? new Date(now.getTime() + policy.durationSeconds * 1000) : null;
  return { failedCount, firstFailedAt, lock: { cause, until } };
}

/** A lock with an end lifts itself when that time has passed; one without waits for an administrator. */
export function isLocked(status: string, lockedUntil: Date | null, now: Date): boolean {
  if (status !== 'locked') return false;
  return lockedUntil === null || lockedUntil > now;
}

/** A lock keeps out every address but the usual ones: failures from elsewhere never block those. */
export function lockKeepsOut(status: string, lockedUntil: Date | null, usualAddress: boolean, now: Date): boolean {
  return !usualAddress && isLocked(status, lockedUntil, now);
}
