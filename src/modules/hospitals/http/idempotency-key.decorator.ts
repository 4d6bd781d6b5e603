import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { InvalidInputError } from '@hms/ddd';
import type { Request } from 'express';
import { isValidIdempotencyKey, MAX_IDEMPOTENCY_KEY_LENGTH } from '../domain/idempotent-upload.js';

/** The Idempotency-Key request header, when sent; 400 when it is not a key we accept. */
export const IdempotencyKey = createParamDecorator((_data: unknown, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<Request>().get('idempotency-key');
  if (value === undefined) return undefined;
  if (!isValidIdempotencyKey(value)) {
    const message = `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters`;
    throw new InvalidInputError(message, [{ field: 'Idempotency-Key', message }]);
  }
  return value;
});
