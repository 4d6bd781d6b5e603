import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { INSTANT_PATTERN } from '../../../infrastructure/http/instant.js';

export class PatientReadOptionsRequest {
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
