import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { AppointmentStatus } from '../../domain/appointment-status.js';
import type { AppointmentPage } from '../listed-appointment-view.js';

export interface AppointmentFilter {
  readonly practitionerId?: string;
  /** The patient's appointments, those booked under records since merged into it included. */
  readonly patientId?: string;
  readonly departmentId?: string;
  readonly statuses?: readonly AppointmentStatus[];
  /** Starts in [from, to). */
  readonly from?: Date;
  readonly to?: Date;
  readonly cursor?: string;
  readonly limit: number;
}

/** Appointments within the reader's appointments:read scopes, by start then id (keyset pages). */
export class ListAppointments extends Query<AppointmentPage> {
  constructor(
    readonly reader: PatientReader,
    readonly filter: AppointmentFilter,
  ) {
    super();
  }
}
