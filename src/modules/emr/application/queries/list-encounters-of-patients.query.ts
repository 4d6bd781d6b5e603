import { Query } from '@nestjs/cqrs';
import type { PatientReader } from '../../../patients/index.js';
import type { EncounterSummary } from '../encounter-view.js';

/** How many patients one query takes. */
export const MAX_PATIENTS_AT_ONCE = 100;
/** How many encounters it answers per patient, the newest. */
export const MAX_ENCOUNTERS_PER_PATIENT = 50;

/**
 * The encounters of several patients at once, for a page of patients that
 * embeds them: for each id given (at most 100; more is a 400), the newest
 * 50 encounters within the reader's encounters:read scope, newest first,
 * the reason only where the reader's emr:read covers the encounter. Every
 * id asked is a key of the answer, with no encounters when none is in scope.
 * Encounters still filed under a record merged into a patient are not
 * included until the merge's move has filed them under it (ADR 39).
 */
export class ListEncountersOfPatients extends Query<ReadonlyMap<string, readonly EncounterSummary[]>> {
  constructor(
    readonly reader: PatientReader,
    readonly patientIds: readonly string[],
  ) {
    super();
  }
}
