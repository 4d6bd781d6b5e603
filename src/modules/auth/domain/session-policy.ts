export interface SessionTimes {
  readonly expiresAt: Date;
  /** The last request or refresh the session served, as recorded (see activityRecordDue). */
  readonly lastSeenAt: Date;
  readonly revokedAt: Date | null;
}

/** Why a session no longer admits a request or a refresh, or null when it does. */
export function sessionEndReason(
  session: SessionTimes,
  now: Date,
  idleTimeoutSeconds: number,
): 'revoked' | 'expired' | 'idle' | null {
  if (session.revokedAt) return 'revoked';
  if (session.expiresAt <= now) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() > idleTimeoutSeconds * 1000) return 'idle';
  return null;
}

/**
 * Whether a request should record the session's activity: only once the
 * recorded time is a tenth of the idle timeout old (at most a minute), so
 * busy sessions cost one write a minute, not one per request. The recorded
 * time then trails the true last request by less than that interval, and an
 * idle session ends up to that much early, never late.
 */
export function activityRecordDue(lastSeenAt: Date, now: Date, idleTimeoutSeconds: number): boolean {
  return now.getTime() - lastSeenAt.getTime() >= Math.min(60_000, idleTimeoutSeconds * 100);
}

/** An access token never outlives its session. */
export function accessTokenExpiry(now: Date, ttlSeconds: number, sessionExpiresAt: Date): Date {
  return new Date(Math.min(now.getTime() + ttlSeconds * 1000, sessionExpiresAt.getTime()));
}
