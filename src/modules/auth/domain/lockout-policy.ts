export interface LockoutPolicy {
  /** Failures within the window that lock the account. */
  readonly threshold: number;
  readonly windowSeconds: number;
  /** How long a lock lasts; 0 keeps it until an administrator lifts it. */
  readonly durationSeconds: number;
}

export interface FailureState {
  readonly failedCount: number;
  readonly firstFailedAt: Date | null;
}

export interface FailureOutcome extends FailureState {
  /** Set when this failure locks the account; null for a lock only an administrator lifts. */
  readonly lockUntil?: Date | null;
  readonly locked: boolean;
}

/** Counts a failed sign-in; failures older than the window start a new count. */
export function registerFailure(state: FailureState, now: Date, policy: LockoutPolicy): FailureOutcome {
  const windowOpen = state.firstFailedAt !== null && now.getTime() - state.firstFailedAt.getTime() < policy.windowSeconds * 1000;
  const failedCount = windowOpen ? state.failedCount + 1 : 1;
  const firstFailedAt = windowOpen ? state.firstFailedAt : now;
  if (failedCount < policy.threshold) return { failedCount, firstFailedAt, locked: false };
  const lockUntil = policy.durationSeconds > 0 ? new Date(now.getTime() + policy.durationSeconds * 1000) : null;
  return { failedCount, firstFailedAt, locked: true, lockUntil };
}

/** A lock with an end lifts itself when that time has passed; one without waits for an administrator. */
export function isLocked(status: string, lockedUntil: Date | null, now: Date): boolean {
  if (status !== 'locked') return false;
  return lockedUntil === null || lockedUntil > now;
}
