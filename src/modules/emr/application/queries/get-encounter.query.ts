import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { EncounterView } from '../encounter-view.js';

export class GetEncounter extends Query<EncounterView> {
  constructor(
    readonly reader: PatientReader,
    readonly encounterId: string,
    /** The record as it stood at this instant (not in the future); the current record when left out. */
    readonly asOf?: Date,
  ) {
    super();
  }
}
