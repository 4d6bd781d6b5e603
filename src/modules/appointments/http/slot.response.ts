import { ApiProperty } from '@nestjs/swagger';

/** A free slot (FHIR Slot, status free). */
export class SlotResponse {
  @ApiProperty({ format: 'uuid' })
  practitionerId: string;
  @ApiProperty({ format: 'uuid' })
  departmentId: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The schedule it comes from; null for an extra session in a department where they hold none',
  })
  scheduleId: string | null;
  @ApiProperty({ format: 'date-time', example: '2027-03-28T08:00:00.000Z', description: 'UTC' })
  start: string;
  @ApiProperty({ format: 'date-time', example: '2027-03-28T08:30:00.000Z', description: 'UTC' })
  end: string;
  @ApiProperty({ example: '2027-03-28T09:00:00+01:00', description: 'The start in the hospital’s zone, with its offset then' })
  localStart: string;
  @ApiProperty({ example: '2027-03-28T09:30:00+01:00' })
  localEnd: string;
}
