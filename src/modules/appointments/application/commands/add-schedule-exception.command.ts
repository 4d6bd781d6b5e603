import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { ScheduleExceptionView } from '../schedule-view.js';
import type { ExceptionFields } from './schedule-fields.js';

/** Leave, a blocked period or an extra session of a practitioner. */
export class AddScheduleException extends Command<ScheduleExceptionView> {
  constructor(
    readonly writer: PatientEditor,
    readonly practitionerId: string,
    readonly fields: ExceptionFields,
  ) {
    super();
  }
}
