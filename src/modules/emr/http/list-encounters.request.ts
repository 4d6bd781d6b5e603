import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ENCOUNTER_STATUSES, type EncounterStatus } from '../domain/encounter-status.js';

export const MAX_ENCOUNTER_PAGE = 100;

/** Keyset paging, newest first: pass back the nextCursor of the previous page. */
export class ListEncountersRequest {
  @ApiPropertyOptional({ enum: ENCOUNTER_STATUSES })
  @IsOptional()
  @IsIn(ENCOUNTER_STATUSES, { message: `status must be one of ${ENCOUNTER_STATUSES.join(', ')}` })
  status?: EncounterStatus;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (opaque)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: MAX_ENCOUNTER_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ENCOUNTER_PAGE)
  limit: number = 20;
}
