import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { AppointmentDetailView } from '../appointment-detail-view.js';

export class GetAppointment extends Query<AppointmentDetailView> {
  constructor(
    readonly reader: PatientReader,
    readonly appointmentId: string,
  ) {
    super();
  }
}
