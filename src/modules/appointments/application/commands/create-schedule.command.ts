import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { ScheduleView } from '../schedule-view.js';
import type { ScheduleFields } from './schedule-fields.js';

/** Gives a practitioner weekly hours in a department. */
export class CreateSchedule extends Command<ScheduleView> {
  constructor(
    readonly writer: PatientEditor,
    readonly practitionerId: string,
    readonly fields: ScheduleFields,
  ) {
    super();
  }
}
