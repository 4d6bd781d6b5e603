import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length } from 'class-validator';
import { trim } from '../../../infrastructure/http/trim.js';
import { MAX_REASON_LENGTH } from './create-encounter.request.js';

const WHY = 'Why (clinical free text: encrypted at rest, shown only under emr:read, never in events or logs)';

export class CancelEncounterRequest {
  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH, description: WHY })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  reason?: string;
}

export class EnteredInErrorRequest {
  @ApiProperty({ maxLength: MAX_REASON_LENGTH, description: `${WHY}; required` })
  @Transform(trim)
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  reason: string;
}
