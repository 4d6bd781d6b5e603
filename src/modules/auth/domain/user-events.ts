import { type AuditDeclaration, DomainEvent, eventUpcasters } from '@hms/ddd';

/**
 * Facts about staff accounts. Payloads name what changed, never a password,
 * a token, or the account's email or name (the audit trail refers to users by id).
 */
abstract class UserEvent<P extends object> extends DomainEvent<P> {
  protected constructor(userId: string, version: number, payload: P) {
    super({ aggregateType: 'User', aggregateId: userId, aggregateVersion: version, payload });
  }
}

export interface UserAttributes {
  readonly roles: readonly string[];
  readonly hospitalId: string | null;
  readonly departmentId: string | null;
  readonly profession: string | null;
}

export class UserCreated extends UserEvent<UserAttributes & { readonly bootstrap: boolean }> {
  static readonly TYPE = 'auth.UserCreated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };

  constructor(userId: string, payload: UserAttributes & { bootstrap: boolean }) {
    super(userId, 1, payload);
  }
}

export class UserUpdated extends UserEvent<{ readonly changedFields: readonly string[] }> {
  static readonly TYPE = 'auth.UserUpdated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(userId: string, version: number, changedFields: readonly string[]) {
    super(userId, version, { changedFields });
  }
}

export class UserRolesAssigned extends UserEvent<{
  readonly roles: readonly string[];
  readonly previousRoles: readonly string[];
}> {
  static readonly TYPE = 'auth.UserRolesAssigned.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(userId: string, version: number, roles: readonly string[], previousRoles: readonly string[]) {
    super(userId, version, { roles, previousRoles });
  }
}

export class UserDeactivated extends UserEvent<Record<string, never>> {
  static readonly TYPE = 'auth.UserDeactivated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(userId: string, version: number) {
    super(userId, version, {});
  }
}

export class UserReactivated extends UserEvent<Record<string, never>> {
  static readonly TYPE = 'auth.UserReactivated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(userId: string, version: number) {
    super(userId, version, {});
  }
}

export class UserUnlocked extends UserEvent<Record<string, never>> {
  static readonly TYPE = 'auth.UserUnlocked.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(userId: string, version: number) {
    super(userId, version, {});
  }
}

export interface AccountLockedPayload {
  /** `failures`: the account's count reached the threshold; `addresses`: failures came from many addresses. */
  readonly cause: 'failures' | 'addresses';
  readonly failedAttempts: number;
  /** Addresses that failed on the account within the window; null in events recorded before it was counted. */
  readonly distinctAddresses: number | null;
  readonly lockedUntil: string | null;
}

/** Version 1 (LOCKOUT_THRESHOLD failures from anywhere) had no cause or address count. */
interface AccountLockedV1Payload {
  readonly failedAttempts: number;
  readonly lockedUntil: string | null;
}

/** A hard lock: every address but the user's usual ones is refused until it ends (ADR 21). */
export class AccountLocked extends UserEvent<AccountLockedPayload> {
  static readonly TYPE = 'auth.AccountLocked.v2';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(
    userId: string,
    version: number,
    lock: { cause: AccountLockedPayload['cause']; failedAttempts: number; distinctAddresses: number; lockedUntil: Date | null },
  ) {
    super(userId, version, {
      cause: lock.cause,
      failedAttempts: lock.failedAttempts,
      distinctAddresses: lock.distinctAddresses,
      lockedUntil: lock.lockedUntil?.toISOString() ?? null,
    });
  }
}

eventUpcasters.register<AccountLockedV1Payload, AccountLockedPayload>({
  from: 'auth.AccountLocked.v1',
  to: AccountLocked.TYPE,
  upcast: ({ failedAttempts, lockedUntil }) => ({ cause: 'failures', failedAttempts, distinctAddresses: null, lockedUntil }),
});

export class PasswordChanged extends UserEvent<{ readonly endedSessions: number; readonly byAdministrator: boolean }> {
  static readonly TYPE = 'auth.PasswordChanged.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(userId: string, version: number, endedSessions: number, byAdministrator: boolean) {
    super(userId, version, { endedSessions, byAdministrator });
  }
}
