import { ApiProperty } from '@nestjs/swagger';

/** Who the patient is, shown only to a reader whose patients:read covers them (each shown is audited). */
export class PatientLabelResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ description: 'Given, middle and family names as registered' })
  name: string;
  @ApiProperty({ example: 'MRN-000123-7' })
  mrn: string;
}
