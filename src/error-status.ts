import { HttpStatus } from '@nestjs/common';
import type { CommonErrorCode } from '@hms/ddd';
import type { AnyContextDescriptor } from './infrastructure/context/context-descriptor.js';
import type { StatusForCode } from './infrastructure/http/problem-details.filter.js';

/**
 * Statuses of the codes every context may raise (@hms/ddd). Each context maps
 * its own codes in its descriptor, typed by its code union, so a new code
 * stops compiling until it has a status; checkContexts refuses a code two
 * contexts map.
 */
export const COMMON_ERROR_STATUS: Readonly<Record<CommonErrorCode, HttpStatus>> = {
  'COMMON.NOT_FOUND': HttpStatus.NOT_FOUND,
  'COMMON.CONFLICT': HttpStatus.CONFLICT,
  'COMMON.INVALID_INPUT': HttpStatus.BAD_REQUEST,
  'COMMON.VERSION_MISMATCH': HttpStatus.PRECONDITION_FAILED,
  'COMMON.PRECONDITION_REQUIRED': HttpStatus.PRECONDITION_REQUIRED,
};

/** Every stable error code and its status: the common ones and each context's. */
export function errorStatuses(contexts: readonly AnyContextDescriptor[]): ReadonlyMap<string, HttpStatus> {
  return new Map([
    ...Object.entries(COMMON_ERROR_STATUS),
    ...contexts.flatMap((context) => Object.entries<HttpStatus>(context.errorStatus)),
  ]);
}

/** For the exception filter: a code nobody maps (only possible through a cast) answers 500. */
export function statusForCodeOf(contexts: readonly AnyContextDescriptor[]): StatusForCode {
  const statuses = errorStatuses(contexts);
  return (code) => statuses.get(code) ?? HttpStatus.INTERNAL_SERVER_ERROR;
}
