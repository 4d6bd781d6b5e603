import { DEFAULT_PURPOSE_OF_USE, PURPOSE_OF_USE_VALUES, type PurposeOfUse, toPurposeOfUse } from '@hms/authz';
import { RequestValidationError } from '../../../infrastructure/http/request-validation.error.js';

export const PURPOSE_OF_USE_HEADER = 'X-Purpose-Of-Use';

/**
 * X-Purpose-Of-Use as an HL7 v3 PurposeOfUse code: the code as HL7 writes it (`TREAT`) or a
 * lower-case alias (`treatment`) mapped onto it; the route's default (TREAT unless it says
 * otherwise) when absent; 400 for anything else. The refusal lists what is accepted and never
 * repeats the value sent, which may be anything.
 */
export function purposeOfUseOf(header: string | undefined, absent: PurposeOfUse = DEFAULT_PURPOSE_OF_USE): PurposeOfUse {
  if (header === undefined || header === '') return absent;
  const code = toPurposeOfUse(header);
  if (!code) {
    throw new RequestValidationError([
      {
        field: PURPOSE_OF_USE_HEADER,
        message: `${PURPOSE_OF_USE_HEADER} must be an HL7 v3 PurposeOfUse code or alias: ${PURPOSE_OF_USE_VALUES.join(', ')}`,
      },
    ]);
  }
  return code;
}
