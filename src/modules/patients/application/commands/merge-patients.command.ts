import { Command } from '@nestjs/cqrs';
import type { AppAbility, Principal } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { PatientView } from '../patient-view.js';

/** Answers the source as it is after the merge (status merged, mergedIntoId the target). */
export class MergePatients extends Command<PatientView> {
  constructor(
    readonly actor: Actor,
    readonly principal: Principal,
    readonly ability: AppAbility,
    readonly sourceId: string,
    readonly intoPatientId: string,
  ) {
    super();
  }
}
