import { ApiProperty } from '@nestjs/swagger';
import { ListedAppointmentResponse } from './listed-appointment.response.js';

export class PractitionerDayResponse {
  @ApiProperty({ format: 'uuid' })
  practitionerId: string;
  @ApiProperty({ example: '2027-03-29' })
  date: string;
  @ApiProperty({ type: [ListedAppointmentResponse], description: 'By start' })
  items: ListedAppointmentResponse[];
}
