import { HttpStatus } from '@nestjs/common';
import type { CommonErrorCode } from '@hms/ddd';

/**
 * Every stable error code of the system. Each context adds its own union
 * here (imported from its index.ts); the switch below then stops compiling
 * until the new codes have a status.
 */
export type ErrorCode = CommonErrorCode;

export function statusForCode(code: ErrorCode): HttpStatus {
  switch (code) {
    case 'COMMON.NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    case 'COMMON.CONFLICT':
      return HttpStatus.CONFLICT;
    case 'COMMON.INVALID_INPUT':
      return HttpStatus.BAD_REQUEST;
    case 'COMMON.VERSION_MISMATCH':
      return HttpStatus.PRECONDITION_FAILED;
    case 'COMMON.PRECONDITION_REQUIRED':
      return HttpStatus.PRECONDITION_REQUIRED;
    default:
      return assertNever(code);
  }
}

function assertNever(code: never): never {
  throw new Error(`Unmapped error code ${String(code)}`);
}
