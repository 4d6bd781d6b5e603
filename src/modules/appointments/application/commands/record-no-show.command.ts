import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { AppointmentView } from '../appointment-view.js';

/** Records that the patient did not come, from 15 minutes after the start, fixing the full fee. */
export class RecordNoShow extends Command<AppointmentView> {
  constructor(
    readonly writer: PatientEditor,
    readonly appointmentId: string,
    /** The version the client read (If-Match); undefined when it sent none. */
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
