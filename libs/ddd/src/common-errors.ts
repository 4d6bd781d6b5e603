import { DomainError, type InvalidField } from './domain-error.js';

/** Errors every context may raise; contexts add their own codes beside these. */
export type CommonErrorCode =
  'COMMON.NOT_FOUND' | 'COMMON.CONFLICT' | 'COMMON.INVALID_INPUT' | 'COMMON.VERSION_MISMATCH' | 'COMMON.PRECONDITION_REQUIRED';

/** The record does not exist, or exists outside the caller's scope (answered alike on purpose). */
export class NotFoundError extends DomainError<'COMMON.NOT_FOUND'> {
  readonly code = 'COMMON.NOT_FOUND' as const;
  constructor(resourceType: string, id: string) {
    super(`${resourceType} ${id} was not found`, { resourceType, id });
  }
}

export class ConflictError extends DomainError<'COMMON.CONFLICT'> {
  readonly code = 'COMMON.CONFLICT' as const;
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, details);
  }
}

/** Input that is well-formed but breaks a business rule checked outside the request DTO. */
export class InvalidInputError extends DomainError<'COMMON.INVALID_INPUT'> {
  readonly code = 'COMMON.INVALID_INPUT' as const;
  constructor(
    message: string,
    override readonly fields: readonly InvalidField[] = [],
  ) {
    super(message);
  }
}

/** If-Match named a version that is no longer current. */
export class VersionMismatchError extends DomainError<'COMMON.VERSION_MISMATCH'> {
  readonly code = 'COMMON.VERSION_MISMATCH' as const;
  constructor(resourceType: string, expected: number, actual: number) {
    super(`${resourceType} has changed since it was read (version ${expected} requested, ${actual} current)`, {
      expectedVersion: expected,
      currentVersion: actual,
    });
  }
}

/** An update without If-Match, where the API requires one to avoid lost updates. */
export class PreconditionRequiredError extends DomainError<'COMMON.PRECONDITION_REQUIRED'> {
  readonly code = 'COMMON.PRECONDITION_REQUIRED' as const;
  constructor() {
    super('This update needs an If-Match header with the version you read');
  }
}
