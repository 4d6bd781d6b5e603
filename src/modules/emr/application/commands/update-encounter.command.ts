import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { EncounterClass } from '../../domain/encounter-class.js';
import type { EncounterView } from '../encounter-view.js';

/** Members left undefined stay as they are; null clears. */
export interface EncounterDetailChanges {
  readonly class?: EncounterClass;
  readonly attendingPractitionerId?: string | null;
  readonly careTeamIds?: readonly string[];
  readonly reasonText?: string | null;
}

/** Changes an open encounter's details under If-Match. */
export class UpdateEncounter extends Command<EncounterView> {
  constructor(
    readonly writer: PatientEditor,
    readonly encounterId: string,
    readonly expectedVersion: number | undefined,
    readonly changes: EncounterDetailChanges,
  ) {
    super();
  }
}
