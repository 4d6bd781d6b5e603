import { DomainEvent } from '@hms/ddd';

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
  constructor(userId: string, payload: UserAttributes & { bootstrap: boolean }) {
    super(userId, 1, payload);
  }
}

export class UserUpdated extends UserEvent<{ readonly changedFields: readonly string[] }> {
  constructor(userId: string, version: number, changedFields: readonly string[]) {
    super(userId, version, { changedFields });
  }
}

export class UserRolesAssigned extends UserEvent<{
  readonly roles: readonly string[];
  readonly previousRoles: readonly string[];
}> {
  constructor(userId: string, version: number, roles: readonly string[], previousRoles: readonly string[]) {
    super(userId, version, { roles, previousRoles });
  }
}

export class UserDeactivated extends UserEvent<Record<string, never>> {
  constructor(userId: string, version: number) {
    super(userId, version, {});
  }
}

export class UserReactivated extends UserEvent<Record<string, never>> {
  constructor(userId: string, version: number) {
    super(userId, version, {});
  }
}

export class UserUnlocked extends UserEvent<Record<string, never>> {
  constructor(userId: string, version: number) {
    super(userId, version, {});
  }
}

export class AccountLocked extends UserEvent<{ readonly failedAttempts: number; readonly lockedUntil: string | null }> {
  constructor(userId: string, version: number, failedAttempts: number, lockedUntil: Date | null) {
    super(userId, version, { failedAttempts, lockedUntil: lockedUntil?.toISOString() ?? null });
  }
}

export class PasswordChanged extends UserEvent<{ readonly endedSessions: number; readonly byAdministrator: boolean }> {
  constructor(userId: string, version: number, endedSessions: number, byAdministrator: boolean) {
    super(userId, version, { endedSessions, byAdministrator });
  }
}
