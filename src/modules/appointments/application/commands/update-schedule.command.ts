import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { ScheduleView } from '../schedule-view.js';
import type { ScheduleFields } from './schedule-fields.js';

/** Changes a schedule (If-Match); its department and practitioner stay. */
export class UpdateSchedule extends Command<ScheduleView> {
  constructor(
    readonly writer: PatientEditor,
    readonly scheduleId: string,
    readonly expectedVersion: number | undefined,
    readonly changes: Partial<Omit<ScheduleFields, 'departmentId'>>,
  ) {
    super();
  }
}
