import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { INSTANT_PATTERN } from '../../../infrastructure/http/instant.js';

/** A range of instants [from, to), at most 31 days long. */
export class AvailabilityRequest {
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2027-03-28T00:00:00+00:00',
    description: 'Slots starting at or after this instant (ISO 8601 with Z or an offset)',
  })
  @Matches(INSTANT_PATTERN, { message: 'from must be an ISO 8601 timestamp with Z or an offset' })
  from: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2027-03-29T00:00:00+01:00',
    description: 'Slots starting before this instant: after from, at most 31 days later',
  })
  @Matches(INSTANT_PATTERN, { message: 'to must be an ISO 8601 timestamp with Z or an offset' })
  to: string;
}
