import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { EncounterClass } from '../../domain/encounter-class.js';
import type { InitialEncounterStatus } from '../../domain/encounter-status.js';
import type { EncounterView } from '../encounter-view.js';

export interface NewEncounter {
  readonly class: EncounterClass;
  readonly status: InitialEncounterStatus;
  /** The writer's own hospital and department when left out. */
  readonly hospitalId?: string;
  readonly departmentId?: string;
  readonly attendingPractitionerId?: string | null;
  readonly careTeamIds?: readonly string[];
  /** Clinical free text: encrypted at rest, never in an event, a log line or a problem. */
  readonly reasonText?: string | null;
  /** External visit account number; generated when left out. */
  readonly accountNumber?: string;
  /** Only for an encounter recorded in progress: when it started (now when left out). */
  readonly periodStart?: Date;
}

/** Records a patient's encounter, planned or already in progress. */
export class CreateEncounter extends Command<EncounterView> {
  constructor(
    readonly writer: PatientEditor,
    readonly patientId: string,
    readonly encounter: NewEncounter,
  ) {
    super();
  }
}
