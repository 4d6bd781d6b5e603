import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../domain/appointment-status.js';

export class MoneyResponse {
  @ApiProperty({ description: 'Integer minor units (cents)' })
  amountMinor: number;
  @ApiProperty({ example: 'EUR' })
  currency: string;
}

export class CancellationResponse {
  @ApiProperty()
  reason: string;
  @ApiProperty({ nullable: true, type: Number, enum: [0, 50, 100] })
  feePercent: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Integer minor units of the price’s currency' })
  feeMinor: number | null;
}

export class NoShowFeeResponse {
  @ApiProperty({ enum: [100] })
  feePercent: number;
  @ApiProperty()
  feeMinor: number;
}

/** FHIR R4 Appointment, flattened: instants in UTC and in the hospital's zone. */
export class AppointmentResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES, description: 'FHIR AppointmentStatus; a hold is proposed' })
  status: AppointmentStatus;
  @ApiProperty({ format: 'uuid' })
  hospitalId: string;
  @ApiProperty({ format: 'uuid' })
  departmentId: string;
  @ApiProperty({ format: 'uuid' })
  practitionerId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  patientId: string | null;
  @ApiProperty({ format: 'date-time', description: 'UTC' })
  start: string;
  @ApiProperty({ format: 'date-time', description: 'UTC' })
  end: string;
  @ApiProperty({ example: '2027-03-29T09:00:00+01:00', description: 'The start in the hospital’s zone, with its offset then' })
  localStart: string;
  @ApiProperty({ example: '2027-03-29T09:30:00+01:00' })
  localEnd: string;
  @ApiProperty({ example: '2027-03-29', description: 'The start’s local date: the daily limit counts by it' })
  localDate: string;
  @ApiProperty({ example: 'Europe/Lisbon' })
  timeZone: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When a hold lets its slot go' })
  holdExpiresAt: string | null;
  @ApiProperty()
  walkIn: boolean;
  @ApiProperty({ description: 'Booked past the limit or into a taken slot by appointments:overbook' })
  overbooked: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  seriesId: string | null;
  @ApiProperty({ type: MoneyResponse, description: 'The consultation price when booked' })
  price: MoneyResponse;
  @ApiProperty({ maximum: 2 })
  rescheduleCount: number;
  @ApiPropertyOptional({ type: CancellationResponse, nullable: true })
  cancellation: CancellationResponse | null;
  @ApiPropertyOptional({ type: NoShowFeeResponse, nullable: true })
  noShowFee: NoShowFeeResponse | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The EMR encounter opened when the visit started' })
  encounterId: string | null;
  @ApiProperty({ format: 'uuid' })
  bookedBy: string;
  @ApiProperty()
  version: number;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class OccurrenceRefusalResponse {
  @ApiProperty({ example: 'APPOINTMENT.SLOT_TAKEN' })
  code: string;
  @ApiProperty()
  message: string;
}

export class OccurrenceResponse {
  @ApiProperty({ example: '2027-03-29', description: 'The local date' })
  date: string;
  @ApiProperty({ nullable: true, type: String })
  start: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  appointmentId: string | null;
  @ApiProperty({ type: OccurrenceRefusalResponse, nullable: true })
  refusal: OccurrenceRefusalResponse | null;
}

export class SeriesResponse {
  @ApiProperty({ format: 'uuid' })
  seriesId: string;
  @ApiProperty({ type: [OccurrenceResponse] })
  occurrences: OccurrenceResponse[];
  @ApiProperty({ type: [AppointmentResponse] })
  appointments: AppointmentResponse[];
}
