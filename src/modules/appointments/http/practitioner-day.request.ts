import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class PractitionerDayRequest {
  @ApiProperty({ example: '2027-03-29', description: 'A local calendar date in the hospital’s zone, YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a calendar date written YYYY-MM-DD' })
  date: string;
}
