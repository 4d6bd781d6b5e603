import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { InvalidInputError } from '@hms/ddd';
import type { Request } from 'express';

/** The longest Idempotency-Key accepted, and the characters it may hold (visible ASCII). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
const KEY_PATTERN = /^[\x21-\x7e]+$/;

export function isValidIdempotencyKey(key: string): boolean {
  return key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && KEY_PATTERN.test(key);
}

/** The Idempotency-Key request header, when sent; 400 when it is not a key we accept. Shared by every route that takes one. */
export const IdempotencyKey = createParamDecorator((_data: unknown, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<Request>().get('idempotency-key');
  if (value === undefined) return undefined;
  if (!isValidIdempotencyKey(value)) {
    const message = `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters`;
    throw new InvalidInputError(message, [{ field: 'Idempotency-Key', message }]);
  }
  return value;
});
