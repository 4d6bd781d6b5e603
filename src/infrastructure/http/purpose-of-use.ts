import { ApiHeader } from '@nestjs/swagger';
import {
  DEFAULT_PURPOSE_OF_USE,
  PURPOSE_OF_USE_ALIASES,
  PURPOSE_OF_USE_SYSTEM,
  PURPOSE_OF_USE_VALUES,
  type PurposeOfUse,
  toPurposeOfUse,
} from '@hms/authz';
import { RequestValidationError } from './request-validation.error.js';

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

/** OpenAPI for the X-Purpose-Of-Use header of a route that reads patient data. */
export const ApiPurposeOfUse = (why: string, absent: PurposeOfUse = DEFAULT_PURPOSE_OF_USE) =>
  ApiHeader({
    name: PURPOSE_OF_USE_HEADER,
    required: false,
    description:
      `${why}, recorded in the audit trail: an HL7 v3 PurposeOfUse code (system ` +
      `${PURPOSE_OF_USE_SYSTEM}) as HL7 writes it, or one of the lower-case aliases, recorded as its code ` +
      `(${Object.entries(PURPOSE_OF_USE_ALIASES)
        .map(([alias, code]) => `${alias} = ${code}`)
        .join(', ')}). Default ${absent}; anything else answers 400.`,
    schema: { type: 'string', enum: [...PURPOSE_OF_USE_VALUES], default: absent },
  });
