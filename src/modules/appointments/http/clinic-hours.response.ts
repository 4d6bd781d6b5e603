import { ApiProperty } from '@nestjs/swagger';

export class ClinicHoursResponse {
  @ApiProperty({ format: 'uuid' })
  hospitalId: string;
  @ApiProperty({ example: '09:00' })
  opens: string;
  @ApiProperty({ example: '18:00' })
  closes: string;
  @ApiProperty({ example: 'Europe/Lisbon' })
  timeZone: string;
  @ApiProperty({ description: 'False while the hospital keeps the defaults, 09:00 to 18:00' })
  custom: boolean;
}
