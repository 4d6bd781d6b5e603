import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { AppointmentView } from '../appointment-view.js';

export interface BookingRequest {
  readonly practitionerId: string;
  readonly departmentId: string;
  /** Required for a booking; a hold may be made before the patient is named. */
  readonly patientId?: string;
  readonly start: Date;
  /** The slot's end; the schedule's slot length from `start` when left out. */
  readonly end?: Date;
  /** From now for a slot later today, exempt from the lead time. */
  readonly walkIn?: boolean;
  /** Past the daily limit or into a taken slot: needs appointments:overbook; audited with the booking. */
  readonly overbookReason?: string;
  /** A hold of this booker's scope that becomes this booking (its slot, practitioner and department). */
  readonly holdId?: string;
  readonly seriesId?: string;
}

/** Books an appointment (or, with `hold`, holds its slot for APPOINTMENT_HOLD_SECONDS). */
export class BookAppointment extends Command<BookingOutcome> {
  constructor(
    readonly writer: PatientEditor,
    readonly request: BookingRequest,
    readonly options: {
      readonly hold?: boolean;
      readonly idempotencyKey?: string;
      /** SHA-256 of the request body: the same key with another body is refused. */
      readonly requestSha256?: string;
      readonly now?: Date;
    } = {},
  ) {
    super();
  }
}

export interface BookingOutcome {
  readonly appointment: AppointmentView;
  /** True when an Idempotency-Key replayed an earlier booking. */
  readonly replayed: boolean;
}
