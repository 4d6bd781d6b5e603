import { instantOf } from '../../../infrastructure/http/instant.js';
import { RequestValidationError } from '../../../infrastructure/http/request-validation.error.js';

/** The instant of an asOf value already in the right form; 400 when it is not a real date and time, or lies ahead. */
export function asOfInstant(value: string, now = new Date()): Date {
  const instant = instantOf('asOf', value);
  if (instant > now) throw new RequestValidationError([{ field: 'asOf', message: 'asOf must not be in the future' }]);
  return instant;
}
