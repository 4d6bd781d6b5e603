import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
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
