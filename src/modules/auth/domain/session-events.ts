import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

/** Sign-in facts are not versioned changes of an aggregate: they carry version 0. */
abstract class SessionEvent<P extends object> extends DomainEvent<P> {
  protected constructor(aggregateType: 'Session' | 'LoginAttempt', aggregateId: string, payload: P) {
    super({ aggregateType, aggregateId, aggregateVersion: 0, payload });
  }
}

export class LoginSucceeded extends SessionEvent<{ readonly userId: string }> {
  static readonly TYPE = 'auth.LoginSucceeded.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'login', outcome: 'success' };

  constructor(sessionId: string, userId: string) {
    super('Session', sessionId, { userId });
  }
}

export type LoginFailureReason =
  | 'unknown-email'
  | 'wrong-password'
  | 'locked'
  | 'deactivated'
  // Refused before the password was checked: the address waits after earlier failures (ADR 21).
  | 'throttled'
  // An access token carrying our signature, refused on a request:
  | 'token-expired'
  | 'token-not-yet-valid'
  | 'token-claims-invalid'
  | 'session-ended'
  // Its session served no request for longer than the idle timeout.
  | 'session-idle';

/**
 * A failed sign-in: at login, or an access token refused on a request
 * although it carries our signature (so its user is known). The attempt is keyed by a
 * keyed hash of the email, so attempts on one account can be grouped without
 * storing the address.
 */
export class LoginFailed extends SessionEvent<{ readonly reason: LoginFailureReason; readonly userId: string | null }> {
  static readonly TYPE = 'auth.LoginFailed.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'login', outcome: 'failure' };
  static readonly FACT_ONLY = true;

  constructor(emailKey: string, reason: LoginFailureReason, userId: string | null) {
    super('LoginAttempt', emailKey, { reason, userId });
  }
}

/**
 * A sign-in throttle started to make an address wait: the failure that used up the free ones, on
 * this account from this address (`account-address`) or from this address over every account
 * (`address`). Keyed like LoginFailed; the address itself is never recorded here.
 */
export class SignInThrottled extends SessionEvent<{
  readonly limit: 'account-address' | 'address';
  readonly userId: string | null;
  readonly failures: number;
  readonly delaySeconds: number;
}> {
  static readonly TYPE = 'auth.SignInThrottled.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'login', outcome: 'failure' };

  constructor(
    emailKey: string,
    payload: { limit: 'account-address' | 'address'; userId: string | null; failures: number; delaySeconds: number },
  ) {
    super('LoginAttempt', emailKey, payload);
  }
}

export class SessionRefreshed extends SessionEvent<{ readonly userId: string }> {
  static readonly TYPE = 'auth.SessionRefreshed.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'login', outcome: 'success' };

  constructor(sessionId: string, userId: string) {
    super('Session', sessionId, { userId });
  }
}

export class RefreshTokenReused extends SessionEvent<{ readonly userId: string }> {
  static readonly TYPE = 'auth.RefreshTokenReused.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'login', outcome: 'failure' };

  constructor(sessionId: string, userId: string) {
    super('Session', sessionId, { userId });
  }
}

export class LoggedOut extends SessionEvent<{ readonly userId: string; readonly allSessions: boolean }> {
  static readonly TYPE = 'auth.LoggedOut.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'logout', outcome: 'success' };

  constructor(sessionId: string, userId: string, allSessions: boolean) {
    super('Session', sessionId, { userId, allSessions });
  }
}

export class SessionRevoked extends SessionEvent<{ readonly userId: string; readonly reason: string }> {
  static readonly TYPE = 'auth.SessionRevoked.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'logout', outcome: 'success' };

  constructor(sessionId: string, userId: string, reason: string) {
    super('Session', sessionId, { userId, reason });
  }
}
