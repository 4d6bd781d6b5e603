import { ApiProperty } from '@nestjs/swagger';
import { ListedAppointmentResponse } from './listed-appointment.response.js';

export class AppointmentPageResponse {
  @ApiProperty({ type: [ListedAppointmentResponse], description: 'By start, then id' })
  items: ListedAppointmentResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last one' })
  nextCursor: string | null;
}
