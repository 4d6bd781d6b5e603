import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { INSTANT_PATTERN } from '../../../infrastructure/http/instant.js';

/** Starting or finishing: when it happened, now when left out. */
export class EncounterInstantRequest {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description:
      'When it happened (ISO 8601 with Z or an offset): now when left out; not in the future beyond a 2-minute clock skew',
  })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'at must be an ISO 8601 timestamp with Z or an offset' })
  at?: string;
}
