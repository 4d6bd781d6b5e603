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
