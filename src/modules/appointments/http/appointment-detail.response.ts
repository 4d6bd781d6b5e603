import { ApiProperty } from '@nestjs/swagger';
import { AppointmentPeriodResponse } from './appointment-period.response.js';
import { AppointmentResponse } from './appointment.response.js';

export class AppointmentDetailResponse extends AppointmentResponse {
  @ApiProperty({ type: [AppointmentPeriodResponse], description: 'Every time it held, oldest first; the last is its time now' })
  periods: AppointmentPeriodResponse[];
}
