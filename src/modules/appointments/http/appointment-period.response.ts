import { ApiProperty } from '@nestjs/swagger';

/** One time an appointment held: its first booking, then each reschedule. */
export class AppointmentPeriodResponse {
  @ApiProperty({ format: 'date-time', description: 'UTC' })
  start: string;
  @ApiProperty({ format: 'date-time', description: 'UTC' })
  end: string;
  @ApiProperty({ example: '2027-03-29T09:00:00+01:00' })
  localStart: string;
  @ApiProperty({ example: '2027-03-29T09:30:00+01:00' })
  localEnd: string;
  @ApiProperty({ format: 'date-time' })
  recordedAt: string;
  @ApiProperty({ format: 'uuid', description: 'Who booked or moved it' })
  recordedBy: string;
}
