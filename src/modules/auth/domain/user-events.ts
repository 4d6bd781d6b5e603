import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

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

export class AccountLocked extends UserEvent<{ readonly failedAttempts: number; readonly lockedUntil: string | null }> {
  static readonly TYPE = 'auth.AccountLocked.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(userId: string, version: number, failedAttempts: number, lockedUntil: Date | null) {
    super(userId, version, { failedAttempts, lockedUntil: lockedUntil?.toISOString() ?? null });
  }
}

export class PasswordChanged extends UserEvent<{ readonly endedSessions: number; readonly byAdministrator: boolean }> {
  static readonly TYPE = 'auth.PasswordChanged.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(userId: string, version: number, endedSessions: number, byAdministrator: boolean) {
    super(userId, version, { endedSessions, byAdministrator });
  }
}
