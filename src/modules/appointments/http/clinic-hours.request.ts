import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class ClinicHoursRequest {
  @ApiProperty({ example: '08:00', description: 'Opening time, wall-clock HH:MM in the hospital’s zone' })
  @Matches(/^\d{2}:\d{2}$/, { message: 'opens must be HH:MM' })
  opens: string;

  @ApiProperty({ example: '20:00', description: 'Closing time, wall-clock HH:MM (24:00 for midnight); after opens' })
  @Matches(/^\d{2}:\d{2}$/, { message: 'closes must be HH:MM' })
  closes: string;
}
