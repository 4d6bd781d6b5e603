import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { AppointmentView } from '../appointment-view.js';

export interface NewTime {
  readonly start: Date;
  /** The slot's end; the schedule's slot length from `start` when left out. */
  readonly end?: Date;
  /** The new time is a walk-in (later today, exempt from the lead time): said again, never carried over. */
  readonly walkIn?: boolean;
  /** Past the new day's limit or into a taken slot (appointments:overbook): said again, never carried over. */
  readonly overbookReason?: string;
}

/** Moves a booked appointment to another slot of its practitioner in its department. */
export class RescheduleAppointment extends Command<AppointmentView> {
  constructor(
    readonly writer: PatientEditor,
    readonly appointmentId: string,
    /** The version the client read (If-Match); undefined when it sent none. */
    readonly expectedVersion: number | undefined,
    readonly time: NewTime,
  ) {
    super();
  }
}
