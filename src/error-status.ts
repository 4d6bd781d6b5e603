import { HttpStatus } from '@nestjs/common';
import type { CommonErrorCode } from '@hms/ddd';
import type { AuditErrorCode } from './modules/audit/index.js';
import type { AuthErrorCode } from './modules/auth/index.js';
import type { HospitalErrorCode } from './modules/hospitals/index.js';
import type { PatientErrorCode } from './modules/patients/index.js';

/**
 * Every stable error code of the system. Each context adds its own union
 * here (imported from its index.ts); the switch below then stops compiling
 * until the new codes have a status.
 */
export type ErrorCode = CommonErrorCode | AuthErrorCode | AuditErrorCode | HospitalErrorCode | PatientErrorCode;

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
    case 'HOSPITAL.BATCH_IN_PROGRESS':
    case 'HOSPITAL.BATCH_REFERENCED':
    case 'HOSPITAL.DEPARTMENT_CODE_TAKEN':
    case 'PATIENT.MRN_TAKEN':
    case 'PATIENT.POSSIBLE_DUPLICATE':
    case 'PATIENT.MERGED':
    case 'PATIENT.DECEASED':
      return HttpStatus.CONFLICT;
    case 'COMMON.INVALID_INPUT':
    case 'AUTH.WEAK_PASSWORD':
    case 'AUTH.UNKNOWN_PERMISSION':
    case 'AUTH.UNKNOWN_ROLE':
    case 'AUDIT.INVALID_CURSOR':
    case 'AUDIT.INVALID_RANGE':
    case 'HOSPITAL.INVALID_CSV':
    case 'HOSPITAL.IMPORT_FILE_MISSING':
      return HttpStatus.BAD_REQUEST;
    case 'HOSPITAL.IMPORT_FILE_TOO_LARGE':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'HOSPITAL.UNSUPPORTED_FILE_TYPE':
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case 'HOSPITAL.IDEMPOTENCY_KEY_REUSED':
    case 'PATIENT.MRN_CHECK_DIGIT':
    case 'PATIENT.UNKNOWN_HOSPITAL':
    case 'PATIENT.HOSPITAL_OUT_OF_SCOPE':
    case 'PATIENT.MERGE_INTO_ITSELF':
    case 'PATIENT.MERGE_TARGET_MERGED':
      return HttpStatus.UNPROCESSABLE_ENTITY;
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
    case 'PATIENT.UNREADABLE':
      return HttpStatus.INTERNAL_SERVER_ERROR;
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
