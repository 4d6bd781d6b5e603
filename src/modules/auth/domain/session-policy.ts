export interface SessionTimes {
  readonly expiresAt: Date;
  readonly lastRefreshedAt: Date;
  readonly revokedAt: Date | null;
}

/** Why a session can no longer be refreshed, or null when it can. */
export function sessionEndReason(
  session: SessionTimes,
  now: Date,
  idleTimeoutSeconds: number,
): 'revoked' | 'expired' | 'idle' | null {
  if (session.revokedAt) return 'revoked';
  if (session.expiresAt <= now) return 'expired';
  if (now.getTime() - session.lastRefreshedAt.getTime() > idleTimeoutSeconds * 1000) return 'idle';
  return null;
}

/** An access token never outlives its session. */
export function accessTokenExpiry(now: Date, ttlSeconds: number, sessionExpiresAt: Date): Date {
  return new Date(Math.min(now.getTime() + ttlSeconds * 1000, sessionExpiresAt.getTime()));
}
