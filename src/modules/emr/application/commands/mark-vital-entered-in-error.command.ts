import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { VitalObservationView } from '../vital-view.js';

export class MarkVitalEnteredInError extends Command<VitalObservationView> {
  constructor(
    readonly writer: PatientEditor,
    readonly observationId: string,
    /** From If-Match; required (428 without). */
    readonly expectedVersion: number | undefined,
    readonly reason: string,
  ) {
    super();
  }
}
