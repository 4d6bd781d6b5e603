import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';

/** Withdraws leave, a blocked period or an extra session. */
export class RemoveScheduleException extends Command<void> {
  constructor(
    readonly writer: PatientEditor,
    readonly exceptionId: string,
  ) {
    super();
  }
}
