import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { INSTANT_PATTERN } from '../../../infrastructure/http/instant.js';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../domain/appointment-status.js';

export const MAX_APPOINTMENT_PAGE = 100;

/** `status=booked,arrived` and `status=booked&status=arrived` alike. */
const listOf = ({ value }: { value: unknown }): unknown[] =>
  (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((item) =>
    typeof item === 'string' ? item.split(',') : [item],
  );

/** Filters and keyset paging by start: pass back the nextCursor of the previous page with the same filters. */
export class ListAppointmentsRequest {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  practitionerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The patient’s appointments, those under records merged into it too' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({
    type: [String],
    enum: APPOINTMENT_STATUSES,
    description: 'FHIR AppointmentStatus names (comma-separated or repeated); every status when left out',
  })
  @IsOptional()
  @Transform(listOf)
  @ArrayMinSize(1)
  @ArrayMaxSize(APPOINTMENT_STATUSES.length * 2)
  @IsIn(APPOINTMENT_STATUSES, { each: true, message: `status must be among ${APPOINTMENT_STATUSES.join(', ')}` })
  status?: AppointmentStatus[];

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Appointments starting at or after this instant (ISO 8601 with Z or an offset)',
  })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'from must be an ISO 8601 timestamp with Z or an offset' })
  from?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Appointments starting before this instant (ISO 8601 with Z or an offset); not before from',
  })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'to must be an ISO 8601 timestamp with Z or an offset' })
  to?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (opaque)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_APPOINTMENT_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_APPOINTMENT_PAGE)
  limit: number = 50;
}
