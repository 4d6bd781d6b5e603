import { DomainError, type InvalidField } from '@hms/ddd';

export type AuthErrorCode =
  | 'AUTH.INVALID_CREDENTIALS'
  | 'AUTH.SIGN_IN_THROTTLED'
  | 'AUTH.INVALID_TOKEN'
  | 'AUTH.SESSION_ENDED'
  | 'AUTH.REFRESH_TOKEN_REUSED'
  | 'AUTH.PERMISSION_REQUIRED'
  | 'AUTH.CANNOT_GRANT'
  | 'AUTH.SELF_GRANT'
  | 'AUTH.WEAK_PASSWORD'
  | 'AUTH.EMAIL_TAKEN'
  | 'AUTH.LAST_ADMIN'
  | 'AUTH.BUILT_IN_ROLE'
  | 'AUTH.ROLE_IN_USE'
  | 'AUTH.ROLE_NAME_TAKEN'
  | 'AUTH.UNKNOWN_PERMISSION'
  | 'AUTH.UNKNOWN_ROLE';

/** Wrong email or password, or an account that may not sign in: one answer for all, on purpose. */
export class InvalidCredentialsError extends DomainError<'AUTH.INVALID_CREDENTIALS'> {
  readonly code = 'AUTH.INVALID_CREDENTIALS' as const;
  constructor() {
    super('The email or password is incorrect, or the account cannot sign in');
  }
}

/**
 * Refused before the password was checked: earlier failures make this address wait. The same
 * answer whether the account exists or not; `retryAfterSeconds` is also sent as Retry-After.
 */
export class SignInThrottledError extends DomainError<'AUTH.SIGN_IN_THROTTLED'> {
  readonly code = 'AUTH.SIGN_IN_THROTTLED' as const;
  constructor(retryAfterSeconds: number) {
    super('Too many failed sign-ins; retry after the time in the Retry-After header', { retryAfterSeconds });
  }
}

export class InvalidTokenError extends DomainError<'AUTH.INVALID_TOKEN'> {
  readonly code = 'AUTH.INVALID_TOKEN' as const;
  constructor(message = 'The access token is missing, malformed, expired or not signed by this server') {
    super(message);
  }
}

export class SessionEndedError extends DomainError<'AUTH.SESSION_ENDED'> {
  readonly code = 'AUTH.SESSION_ENDED' as const;
  constructor() {
    super('The session has ended; sign in again');
  }
}

export class RefreshTokenReusedError extends DomainError<'AUTH.REFRESH_TOKEN_REUSED'> {
  readonly code = 'AUTH.REFRESH_TOKEN_REUSED' as const;
  constructor() {
    super('This refresh token was already used; the session has been ended for safety. Sign in again');
  }
}

export class PermissionRequiredError extends DomainError<'AUTH.PERMISSION_REQUIRED'> {
  readonly code = 'AUTH.PERMISSION_REQUIRED' as const;
  constructor(permission: string) {
    super(`This action requires the permission ${permission}`, { permission });
  }
}

export class CannotGrantError extends DomainError<'AUTH.CANNOT_GRANT'> {
  readonly code = 'AUTH.CANNOT_GRANT' as const;
  constructor(permissions: readonly string[]) {
    super('You cannot grant permissions you do not hold yourself', { permissions: [...permissions] });
  }
}

/**
 * Adding roles to one's own account, or permissions to a role one holds: another
 * administrator must do it, so nobody (admin included) opens patient records to
 * themselves alone (ADR 25).
 */
export class SelfGrantError extends DomainError<'AUTH.SELF_GRANT'> {
  readonly code = 'AUTH.SELF_GRANT' as const;
  constructor(what: 'roles' | 'permissions') {
    super(
      what === 'roles'
        ? 'You cannot add roles to your own account; ask another administrator'
        : 'You cannot add permissions to a role you hold; ask another administrator',
    );
  }
}

export class WeakPasswordError extends DomainError<'AUTH.WEAK_PASSWORD'> {
  readonly code = 'AUTH.WEAK_PASSWORD' as const;
  constructor(override readonly fields: readonly InvalidField[]) {
    super('The password does not meet the password policy');
  }
}

export class EmailTakenError extends DomainError<'AUTH.EMAIL_TAKEN'> {
  readonly code = 'AUTH.EMAIL_TAKEN' as const;
  constructor() {
    super('Another account already uses this email');
  }
}

export class LastAdminError extends DomainError<'AUTH.LAST_ADMIN'> {
  readonly code = 'AUTH.LAST_ADMIN' as const;
  constructor() {
    super('This is the last active administrator; appoint another before removing or deactivating this one');
  }
}

export class BuiltInRoleError extends DomainError<'AUTH.BUILT_IN_ROLE'> {
  readonly code = 'AUTH.BUILT_IN_ROLE' as const;
  constructor(message: string) {
    super(message);
  }
}

export class RoleInUseError extends DomainError<'AUTH.ROLE_IN_USE'> {
  readonly code = 'AUTH.ROLE_IN_USE' as const;
  constructor(userCount: number) {
    super(`The role is held by ${userCount} user(s); take it from them first`, { userCount });
  }
}

export class RoleNameTakenError extends DomainError<'AUTH.ROLE_NAME_TAKEN'> {
  readonly code = 'AUTH.ROLE_NAME_TAKEN' as const;
  constructor(name: string) {
    super(`A role named ${name} already exists`, { name });
  }
}

export class UnknownPermissionError extends DomainError<'AUTH.UNKNOWN_PERMISSION'> {
  readonly code = 'AUTH.UNKNOWN_PERMISSION' as const;
  constructor(permissions: readonly string[]) {
    super('Some permissions are not in the catalogue (GET /api/v1/permissions)', { permissions: [...permissions] });
  }
}

export class UnknownRoleError extends DomainError<'AUTH.UNKNOWN_ROLE'> {
  readonly code = 'AUTH.UNKNOWN_ROLE' as const;
  constructor(roles: readonly string[]) {
    super('Some roles do not exist', { roles: [...roles] });
  }
}
