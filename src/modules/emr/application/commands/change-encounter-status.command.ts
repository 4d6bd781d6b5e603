import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { EncounterTransition } from '../../domain/encounter-status.js';
import type { EncounterView } from '../encounter-view.js';

/** Start, finish, cancel or mark entered-in-error; If-Match optional (the state machine refuses what no longer applies). */
export class ChangeEncounterStatus extends Command<EncounterView> {
  constructor(
    readonly writer: PatientEditor,
    readonly encounterId: string,
    readonly transition: EncounterTransition,
    readonly expectedVersion: number | undefined,
    readonly details: { readonly at?: Date; readonly reason?: string },
  ) {
    super();
  }
}
