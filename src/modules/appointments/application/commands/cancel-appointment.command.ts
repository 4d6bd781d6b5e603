import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { AppointmentView } from '../appointment-view.js';

/** Cancels a booked appointment before its start, fixing its fee once. */
export class CancelAppointment extends Command<AppointmentView> {
  constructor(
    readonly writer: PatientEditor,
    readonly appointmentId: string,
    /** The version the client read (If-Match); undefined when it sent none. */
    readonly expectedVersion: number | undefined,
    /** Free text, kept on the appointment only: never in an event, a log line or a problem. */
    readonly reason: string,
  ) {
    super();
  }
}
