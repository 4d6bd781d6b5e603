import { ApiProperty } from '@nestjs/swagger';
import { MoneyResponse } from './appointment.response.js';
import { WeeklyIntervalRequest } from './schedule.request.js';

/** FHIR R4 Schedule with its weekly hours. */
export class ScheduleResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  practitionerId: string;
  @ApiProperty({ format: 'uuid' })
  hospitalId: string;
  @ApiProperty({ format: 'uuid' })
  departmentId: string;
  @ApiProperty({ nullable: true, type: String })
  specialty: string | null;
  @ApiProperty()
  slotMinutes: number;
  @ApiProperty({ example: '2027-01-04' })
  effectiveFrom: string;
  @ApiProperty({ nullable: true, type: String })
  effectiveTo: string | null;
  @ApiProperty({ type: [WeeklyIntervalRequest] })
  weeklyHours: WeeklyIntervalRequest[];
  @ApiProperty({ type: MoneyResponse })
  price: MoneyResponse;
  @ApiProperty()
  version: number;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class ScheduleExceptionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  practitionerId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  departmentId: string | null;
  @ApiProperty({ enum: ['leave', 'blocked', 'extra'] })
  kind: string;
  @ApiProperty({ format: 'date-time' })
  start: string;
  @ApiProperty({ format: 'date-time' })
  end: string;
  @ApiProperty()
  localStart: string;
  @ApiProperty()
  localEnd: string;
  @ApiProperty({ nullable: true, type: String })
  reason: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
