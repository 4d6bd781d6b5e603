import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import { INSTANT_PATTERN } from '../../../infrastructure/http/instant.js';

const INSTANT_MESSAGE = (field: string) => `${field} must be an ISO 8601 timestamp with Z or an offset`;

/** The new time of an appointment; walk-in and overbooking are said anew, never carried over from the old time. */
export class RescheduleAppointmentRequest {
  @ApiProperty({ example: '2027-03-30T10:00:00+01:00', description: 'The new slot’s start, ISO 8601 with an offset' })
  @Matches(INSTANT_PATTERN, { message: INSTANT_MESSAGE('start') })
  start: string;

  @ApiPropertyOptional({
    example: '2027-03-30T10:30:00+01:00',
    description: 'The new slot’s end; one slot of the schedule from start when left out',
  })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: INSTANT_MESSAGE('end') })
  end?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'The new time is a walk-in (from now, later today, exempt from the lead time); false when left out',
  })
  @IsOptional()
  @IsBoolean()
  walkIn?: boolean;

  @ApiPropertyOptional({
    maxLength: 500,
    description:
      'Deliberate overbooking of the new time past the daily limit or into a taken slot (appointments:overbook); audited. ' +
      'Without it the new time is an ordinary booking, whatever the old one was',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  overbookReason?: string;
}
