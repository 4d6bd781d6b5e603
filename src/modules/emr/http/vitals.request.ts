import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { INSTANT_PATTERN } from '../../../infrastructure/http/instant.js';
import { trim } from '../../../infrastructure/http/trim.js';
import {
  MEASURED_VITAL_CODES,
  OBSERVATION_STATUSES,
  type ObservationStatus,
  VITAL_CODES,
  VITAL_SIGNS,
  type VitalCode,
} from '../domain/vital-signs.js';
import { MAX_REASON_LENGTH } from './create-encounter.request.js';

export const CODES_DESCRIPTION = `LOINC code, with its one UCUM unit: ${MEASURED_VITAL_CODES.map(
  (code) => `${code} ${VITAL_SIGNS[code].display} (${VITAL_SIGNS[code].unit})`,
).join('; ')}. 39156-5 BMI (kg/m2) is computed by the server, never sent`;

/** One measurement: shapes only; the code's list, its unit and the possible values are the domain's (400 naming the field). */
export class VitalObservationRequest {
  @ApiProperty({ example: '8867-4', description: CODES_DESCRIPTION })
  @IsString()
  @Length(1, 20)
  code: string;

  @ApiProperty({
    example: 72,
    description: 'valueQuantity.value: a JSON number (not a string), within the code’s possible range',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number;

  @ApiProperty({ example: '/min', description: 'valueQuantity.code in UCUM, exactly the code’s unit' })
  @IsString()
  @Length(1, 20)
  unit: string;
}

export class RecordVitalsRequest {
  @ApiProperty({
    type: [VitalObservationRequest],
    minItems: 1,
    maxItems: MEASURED_VITAL_CODES.length,
    description: 'The set, measured together: each code at most once; all stored or none',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MEASURED_VITAL_CODES.length)
  @ValidateNested({ each: true })
  @Type(() => VitalObservationRequest)
  observations: VitalObservationRequest[];

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description:
      'When measured (ISO 8601 with Z or an offset): now when left out; not in the future beyond a 2-minute clock skew',
  })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'effectiveDateTime must be an ISO 8601 timestamp with Z or an offset' })
  effectiveDateTime?: string;

  @ApiPropertyOptional({
    maxLength: MAX_REASON_LENGTH,
    description:
      'Required on a finished encounter (409 EMR.ENCOUNTER_LOCKED without), refused on an open one (409 EMR.NOT_A_LATE_ENTRY): ' +
      'why the vitals are recorded late. Clinical free text: encrypted at rest, never in events or logs',
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  lateEntryReason?: string;
}

export const MAX_TREND_PAGE = 200;

/** The trend: keyset paging, newest measured first; pass back the nextCursor of the previous page. */
export class ListVitalsRequest {
  @ApiPropertyOptional({ enum: VITAL_CODES, description: 'One LOINC code; every code when left out' })
  @IsOptional()
  @IsIn(VITAL_CODES, { message: `code must be one of ${VITAL_CODES.join(', ')}` })
  code?: VitalCode;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Measured at or after (ISO 8601 with Z or an offset)' })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'from must be an ISO 8601 timestamp with Z or an offset' })
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Measured at or before; not before from' })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'to must be an ISO 8601 timestamp with Z or an offset' })
  to?: string;

  @ApiPropertyOptional({
    enum: OBSERVATION_STATUSES,
    default: 'final',
    description: 'final (the default) for the trend; entered-in-error lists the observations marked so',
  })
  @IsOptional()
  @IsIn(OBSERVATION_STATUSES, { message: `status must be one of ${OBSERVATION_STATUSES.join(', ')}` })
  status?: ObservationStatus;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (opaque)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_TREND_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TREND_PAGE)
  limit: number = 50;
}
