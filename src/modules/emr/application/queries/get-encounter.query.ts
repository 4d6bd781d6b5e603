import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { EncounterView } from '../encounter-view.js';

export class GetEncounter extends Query<EncounterView> {
  constructor(
    readonly reader: PatientReader,
    readonly encounterId: string,
  ) {
    super();
  }
}
