import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
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

const CLOCK = /^\d{2}:\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class WeeklyIntervalRequest {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 Monday … 7 Sunday' })
  @IsInt()
  weekday: number;

  @ApiProperty({ example: '09:00', description: 'Wall-clock time in the hospital’s zone, HH:MM' })
  @IsString()
  @Matches(CLOCK, { message: 'start must be HH:MM' })
  start: string;

  @ApiProperty({ example: '12:30', description: 'Wall-clock time in the hospital’s zone, HH:MM (24:00 for midnight)' })
  @IsString()
  @Matches(CLOCK, { message: 'end must be HH:MM' })
  end: string;
}

/** Shapes only; the rules (real times, no overlap, dates in order, conflicts) are the domain's. */
export class CreateScheduleRequest {
  @ApiProperty({ format: 'uuid', description: 'A department of the practitioner’s hospital' })
  @IsUUID()
  departmentId: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 100, description: 'FHIR Schedule.specialty as text' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  specialty?: string | null;

  @ApiPropertyOptional({ default: 30, minimum: 5, maximum: 480 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(480)
  slotMinutes?: number;

  @ApiProperty({ example: '2027-01-04', description: 'First local date in force' })
  @Matches(DATE, { message: 'effectiveFrom must be YYYY-MM-DD' })
  effectiveFrom: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2027-12-31', description: 'Last local date in force' })
  @IsOptional()
  @Matches(DATE, { message: 'effectiveTo must be YYYY-MM-DD' })
  effectiveTo?: string | null;

  @ApiProperty({ type: [WeeklyIntervalRequest], description: 'Several intervals a day, with breaks between' })
  @IsArray()
  @ArrayMaxSize(70)
  @ValidateNested({ each: true })
  @Type(() => WeeklyIntervalRequest)
  weeklyHours: WeeklyIntervalRequest[];

  @ApiPropertyOptional({ default: 0, description: 'Consultation price in integer minor units of currency' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  priceMinor?: number;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217 code' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency: string;
}

export class UpdateScheduleRequest {
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  specialty?: string | null;

  @ApiPropertyOptional({ minimum: 5, maximum: 480 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(480)
  slotMinutes?: number;

  @ApiPropertyOptional({ example: '2027-01-04' })
  @IsOptional()
  @Matches(DATE, { message: 'effectiveFrom must be YYYY-MM-DD' })
  effectiveFrom?: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2027-12-31' })
  @IsOptional()
  @Matches(DATE, { message: 'effectiveTo must be YYYY-MM-DD' })
  effectiveTo?: string | null;

  @ApiPropertyOptional({ type: [WeeklyIntervalRequest] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(70)
  @ValidateNested({ each: true })
  @Type(() => WeeklyIntervalRequest)
  weeklyHours?: WeeklyIntervalRequest[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  priceMinor?: number;

  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string;
}

export class ScheduleExceptionRequest {
  @ApiProperty({ enum: ['leave', 'blocked', 'extra'], description: 'leave and blocked close every department; extra opens one' })
  @IsIn(['leave', 'blocked', 'extra'], { message: 'kind must be one of leave, blocked, extra' })
  kind: 'leave' | 'blocked' | 'extra';

  @ApiPropertyOptional({ format: 'uuid', description: 'The department of an extra session (only then)' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiProperty({ example: '2027-02-01T00:00:00+00:00', description: 'ISO 8601 with an offset' })
  @Matches(INSTANT_PATTERN, { message: 'start must be an ISO 8601 timestamp with Z or an offset' })
  start: string;

  @ApiProperty({ example: '2027-02-08T00:00:00+00:00', description: 'ISO 8601 with an offset; after start' })
  @Matches(INSTANT_PATTERN, { message: 'end must be an ISO 8601 timestamp with Z or an offset' })
  end: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Staff text (not about patients)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;
}
