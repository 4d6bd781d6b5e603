import { HttpStatus } from '@nestjs/common';
import type { CommonErrorCode } from '@hms/ddd';
import type { AuthErrorCode } from './modules/auth/index.js';

/**
 * Every stable error code of the system. Each context adds its own union
 * here (imported from its index.ts); the switch below then stops compiling
 * until the new codes have a status.
 */
export type ErrorCode = CommonErrorCode | AuthErrorCode;

export function statusForCode(code: ErrorCode): HttpStatus {
  switch (code) {
    case 'COMMON.NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    case 'COMMON.CONFLICT':
    case 'AUTH.EMAIL_TAKEN':
    case 'AUTH.LAST_ADMIN':
    case 'AUTH.BUILT_IN_ROLE':
    case 'AUTH.ROLE_IN_USE':
    case 'AUTH.ROLE_NAME_TAKEN':
      return HttpStatus.CONFLICT;
    case 'COMMON.INVALID_INPUT':
    case 'AUTH.WEAK_PASSWORD':
    case 'AUTH.UNKNOWN_PERMISSION':
    case 'AUTH.UNKNOWN_ROLE':
      return HttpStatus.BAD_REQUEST;
    case 'COMMON.VERSION_MISMATCH':
      return HttpStatus.PRECONDITION_FAILED;
    case 'COMMON.PRECONDITION_REQUIRED':
      return HttpStatus.PRECONDITION_REQUIRED;
    case 'AUTH.INVALID_CREDENTIALS':
    case 'AUTH.INVALID_TOKEN':
    case 'AUTH.SESSION_ENDED':
    case 'AUTH.REFRESH_TOKEN_REUSED':
      return HttpStatus.UNAUTHORIZED;
    case 'AUTH.PERMISSION_REQUIRED':
    case 'AUTH.CANNOT_GRANT':
      return HttpStatus.FORBIDDEN;
    default:
      return assertNever(code);
  }
}

function assertNever(code: never): never {
  throw new Error(`Unmapped error code ${String(code)}`);
}

/** For the exception filter: a code a context forgot to map (only possible through a cast) answers 500. */
export function httpStatusOf(code: string): number {
  try {
    return statusForCode(code as ErrorCode);
  } catch {
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}
