import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';

/** Lets a hold's slot go before it became a booking. */
export class ReleaseHold extends Command<void> {
  constructor(
    readonly writer: PatientEditor,
    readonly holdId: string,
  ) {
    super();
  }
}
