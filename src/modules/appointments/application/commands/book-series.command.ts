import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { Recurrence } from '../../domain/series.js';
import type { AppointmentView } from '../appointment-view.js';

export interface SeriesRequest {
  readonly practitionerId: string;
  readonly departmentId: string;
  readonly patientId: string;
  /** The first occurrence's start; every occurrence keeps its wall-clock time. */
  readonly start: Date;
  readonly end?: Date;
  readonly recurrence: Recurrence;
  /** Book the occurrences that pass and report the others; otherwise all or nothing. */
  readonly bestEffort: boolean;
}

/** One occurrence's outcome: booked, or refused with the rule's code. */
export interface OccurrenceOutcome {
  readonly date: string;
  readonly start: string | null;
  readonly appointmentId: string | null;
  readonly refusal: { readonly code: string; readonly message: string } | null;
}

export interface SeriesOutcome {
  readonly seriesId: string;
  readonly occurrences: readonly OccurrenceOutcome[];
  readonly appointments: readonly AppointmentView[];
}

/** Books a recurring series (physiotherapy, dialysis): every occurrence passes every booking rule. */
export class BookSeries extends Command<SeriesOutcome> {
  constructor(
    readonly writer: PatientEditor,
    readonly request: SeriesRequest,
  ) {
    super();
  }
}
