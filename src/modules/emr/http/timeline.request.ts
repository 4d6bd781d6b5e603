import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { INSTANT_PATTERN } from '../../../infrastructure/http/instant.js';
import { TIMELINE_KINDS, type TimelineKind } from '../domain/timeline-kind.js';

export const MAX_TIMELINE_PAGE = 100;

/** `kind=note,vitals` and `kind=note&kind=vitals` alike. */
const listOf = ({ value }: { value: unknown }): unknown[] =>
  (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((item) =>
    typeof item === 'string' ? item.split(',') : [item],
  );

/** Filters and keyset paging, newest first: pass back the nextCursor of the previous page with the same filters. */
export class TimelineRequest {
  @ApiPropertyOptional({
    type: [String],
    enum: TIMELINE_KINDS,
    description: 'Only these kinds (comma-separated or repeated); every kind when left out',
  })
  @IsOptional()
  @Transform(listOf)
  @ArrayMinSize(1)
  @ArrayMaxSize(TIMELINE_KINDS.length * 2)
  @IsIn(TIMELINE_KINDS, { each: true, message: `kind must be among ${TIMELINE_KINDS.join(', ')}` })
  kind?: TimelineKind[];

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Entries at or after this instant (ISO 8601 with Z or an offset)',
  })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'from must be an ISO 8601 timestamp with Z or an offset' })
  from?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Entries before this instant (ISO 8601 with Z or an offset); not before from',
  })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'to must be an ISO 8601 timestamp with Z or an offset' })
  to?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (opaque)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_TIMELINE_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TIMELINE_PAGE)
  limit: number = 50;
}
