import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { trim } from '../../../infrastructure/http/trim.js';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CLINICAL_STATUSES, type ClinicalStatus } from '../domain/condition-vocabulary.js';

export const MAX_CONDITION_PAGE = 100;

/** Keyset paging, newest first: pass back the nextCursor of the previous page. */
export class ListDiagnosesRequest {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page (opaque)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: MAX_CONDITION_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_CONDITION_PAGE)
  limit: number = 20;
}

export class ListProblemsRequest extends ListDiagnosesRequest {
  @ApiPropertyOptional({ enum: CLINICAL_STATUSES, description: 'Only entries of this clinical status' })
  @IsOptional()
  @IsIn(CLINICAL_STATUSES, { message: `clinicalStatus must be one of ${CLINICAL_STATUSES.join(', ')}` })
  clinicalStatus?: ClinicalStatus;
}

export class SearchDiagnosisCodesRequest {
  @ApiProperty({
    description: 'What was typed: the start of a code (i21, I214) or part of a display text (infarct); 1 to 100 characters',
    maxLength: 100,
  })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  q: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 20;
}
