import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { EncounterStatus } from '../../domain/encounter-status.js';
import type { EncounterPage } from '../encounter-view.js';

export interface EncounterListFilter {
  readonly status?: EncounterStatus;
  /** A nextCursor of the previous page. */
  readonly cursor?: string;
  readonly limit: number;
}

export class ListPatientEncounters extends Query<EncounterPage> {
  constructor(
    readonly reader: PatientReader,
    readonly patientId: string,
    readonly filter: EncounterListFilter,
  ) {
    super();
  }
}
