import { ApiProperty } from '@nestjs/swagger';

/** A doctor as booking screens show them (FHIR Practitioner with PractitionerRole's places); no email or credentials. */
export class PractitionerResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'Dr. Ana Sousa' })
  displayName: string;
  @ApiProperty({ nullable: true, type: String, example: 'Cardiology', description: 'As on the account (users.specialty)' })
  specialty: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  hospitalId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The user’s own department' })
  departmentId: string | null;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Every department they work in: their own and each one they hold a schedule in',
  })
  departmentIds: string[];
  @ApiProperty({ enum: ['active', 'locked', 'deactivated'], description: 'Only active practitioners can be booked' })
  status: string;
}
