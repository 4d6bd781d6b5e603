import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { INSTANT_PATTERN } from '../../../infrastructure/http/instant.js';

const INSTANT_MESSAGE = (field: string) => `${field} must be an ISO 8601 timestamp with Z or an offset`;

export class HoldRequest {
  @ApiProperty({ format: 'uuid', description: 'A user whose profession is doctor' })
  @IsUUID()
  practitionerId: string;

  @ApiProperty({ format: 'uuid', description: 'A department the practitioner works in' })
  @IsUUID()
  departmentId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The patient, when known already' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiProperty({ example: '2027-03-29T09:00:00+01:00', description: 'A slot’s start, ISO 8601 with an offset' })
  @Matches(INSTANT_PATTERN, { message: INSTANT_MESSAGE('start') })
  start: string;

  @ApiPropertyOptional({ example: '2027-03-29T09:30:00+01:00', description: 'The slot’s end; one slot from start when left out' })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: INSTANT_MESSAGE('end') })
  end?: string;
}

export class BookAppointmentRequest extends HoldRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  declare patientId: string;

  @ApiPropertyOptional({ default: false, description: 'From now for a slot later today, exempt from the lead time' })
  @IsOptional()
  @IsBoolean()
  walkIn?: boolean;

  @ApiPropertyOptional({
    maxLength: 500,
    description: 'Deliberate overbooking past the daily limit or into a taken slot (appointments:overbook); audited',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  overbookReason?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A hold that becomes this booking (its slot stands)' })
  @IsOptional()
  @IsUUID()
  holdId?: string;
}

export class RecurrenceRequest {
  @ApiProperty({ enum: ['daily', 'weekly'] })
  @IsIn(['daily', 'weekly'], { message: 'frequency must be daily or weekly' })
  frequency: 'daily' | 'weekly';

  @ApiPropertyOptional({
    type: [Number],
    description: 'Weekly: ISO weekdays (1 Monday … 7 Sunday); the first start’s weekday by default',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  daysOfWeek?: number[];

  @ApiPropertyOptional({ example: '2027-07-31', description: 'The last local date (or give count)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'until must be YYYY-MM-DD' })
  until?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 52, description: 'How many occurrences (or give until)' })
  @IsOptional()
  @IsInt()
  count?: number;
}

export class BookSeriesRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  practitionerId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  departmentId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  patientId: string;

  @ApiProperty({ example: '2027-03-22T09:00:00+00:00', description: 'The first occurrence; every one keeps its wall-clock time' })
  @Matches(INSTANT_PATTERN, { message: INSTANT_MESSAGE('start') })
  start: string;

  @ApiPropertyOptional({ description: 'The first occurrence’s end; one slot when left out' })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: INSTANT_MESSAGE('end') })
  end?: string;

  @ApiProperty({ type: RecurrenceRequest })
  @ValidateNested()
  @Type(() => RecurrenceRequest)
  recurrence: RecurrenceRequest;

  @ApiPropertyOptional({ default: false, description: 'Book what passes and report the rest; otherwise all or nothing' })
  @IsOptional()
  @IsBoolean()
  bestEffort?: boolean;
}
