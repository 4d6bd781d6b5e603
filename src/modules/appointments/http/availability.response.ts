import { ApiProperty } from '@nestjs/swagger';
import { SlotResponse } from './slot.response.js';

export class AvailabilityResponse {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The practitioner asked about; null for a department',
  })
  practitionerId: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The department asked about; null for every department of the practitioner',
  })
  departmentId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  hospitalId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Europe/Lisbon',
    description: 'The hospital’s IANA zone, in which schedules and clinic hours are kept',
  })
  timeZone: string | null;
  @ApiProperty({ format: 'date-time', description: 'The range asked, in UTC' })
  from: string;
  @ApiProperty({ format: 'date-time' })
  to: string;
  @ApiProperty({ type: [SlotResponse], description: 'By start, then practitioner' })
  slots: SlotResponse[];
}
