import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { AppointmentView } from '../appointment-view.js';

/** Begins the visit of an arrived patient, opening its EMR encounter. */
export class StartAppointment extends Command<AppointmentView> {
  constructor(
    readonly writer: PatientEditor,
    readonly appointmentId: string,
    /** The version the client read (If-Match); undefined when it sent none. */
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
