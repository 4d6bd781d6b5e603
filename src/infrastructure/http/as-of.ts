import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { INSTANT_PATTERN, instantOf } from './instant.js';
import { RequestValidationError } from './request-validation.error.js';

/** `?asOf=`: a record as it stood at an instant, rebuilt from the audit event store. */
export class AsOfRequest {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-11-01T08:00:00Z',
    description: 'The record as it stood at this instant (ISO 8601 with Z or an offset; not in the future)',
  })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'asOf must be an ISO 8601 timestamp with Z or an offset, e.g. 2026-11-01T08:00:00Z' })
  asOf?: string;
}

/** The instant of an asOf value already in the right form; 400 when it is not a real date and time, or lies ahead. */
export function asOfInstant(value: string, now = new Date()): Date {
  const instant = instantOf('asOf', value);
  if (instant > now) throw new RequestValidationError([{ field: 'asOf', message: 'asOf must not be in the future' }]);
  return instant;
}

/** What `?asOf=` does on a single-record read, for the operation's description (one wording for every record kind). */
export const AS_OF_READ_DESCRIPTION =
  ' With asOf, the record as it stood at that instant, rebuilt from the audit event store (its ETag the version then; ' +
  'text members rewritten since are null and named in textsNotKept); 404 before the record existed, 400 for a future asOf.';
