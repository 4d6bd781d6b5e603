import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { ClinicHoursView } from '../queries/get-clinic-hours.query.js';

/** Sets a hospital's clinic hours: no slot is offered or booked outside them. */
export class SetClinicHours extends Command<ClinicHoursView> {
  constructor(
    readonly writer: PatientEditor,
    readonly hospitalId: string,
    readonly opens: string,
    readonly closes: string,
  ) {
    super();
  }
}
