import { BadRequestException } from '@nestjs/common';
import type { FieldError } from '@hms/problem-details';
import type { ValidationError } from 'class-validator';

/** A request that failed DTO validation, with one entry per invalid field. */
export class RequestValidationError extends BadRequestException {
  constructor(readonly fieldErrors: readonly FieldError[]) {
    super('The request has invalid fields');
  }
}

/** Flattens class-validator's tree into `{ field: 'address.city', message }` entries; array items read `observations[2].unit`. */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = !parent
      ? error.property
      : /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, message: constraint === 'whitelistValidation' ? `${field} is not an allowed field` : message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}
