import { RequestValidationError } from '../../../infrastructure/http/request-validation.error.js';

export const DEFAULT_PURPOSE_OF_USE = 'treatment';
const PURPOSE = /^[a-z0-9-]{1,64}$/;

/** X-Purpose-Of-Use as a short code (`treatment`, `billing`, `emergency`); `treatment` when absent; 400 when malformed. */
export function purposeOfUseOf(header: string | undefined): string {
  if (header === undefined || header === '') return DEFAULT_PURPOSE_OF_USE;
  if (!PURPOSE.test(header)) {
    throw new RequestValidationError([
      { field: 'X-Purpose-Of-Use', message: 'X-Purpose-Of-Use must be 1 to 64 lower-case letters, digits or dashes' },
    ]);
  }
  return header;
}
