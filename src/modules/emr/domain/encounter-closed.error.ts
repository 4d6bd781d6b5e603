import { DomainError } from '@hms/ddd';
import type { EncounterStatus } from './encounter-status.js';

/** Finished, cancelled or entered-in-error: the encounter's details are frozen. */
export class EncounterClosedError extends DomainError<'EMR.ENCOUNTER_CLOSED'> {
  readonly code = 'EMR.ENCOUNTER_CLOSED' as const;

  constructor(encounterId: string, status: EncounterStatus) {
    super(`The encounter is ${status}; its details no longer change.`, { encounterId, status });
  }
}
