import { DomainError } from '@hms/ddd';
import type { EncounterStatus, EncounterTransition } from './encounter-status.js';

/** The transition does not apply to the encounter's status (finishing twice, cancelling a finished one). */
export class EncounterTransitionError extends DomainError<'EMR.INVALID_STATUS_TRANSITION'> {
  readonly code = 'EMR.INVALID_STATUS_TRANSITION' as const;

  constructor(encounterId: string, status: EncounterStatus, transition: EncounterTransition) {
    super(`An encounter that is ${status} cannot ${transition.replace(/-/g, ' ')}.`, { encounterId, status, transition });
  }
}
