import { Command } from '@nestjs/cqrs';
import type { AppAbility, Principal } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { DeactivationReason } from '../../domain/patient-status.js';
import type { PatientView } from '../patient-view.js';

export class DeactivatePatient extends Command<PatientView> {
  constructor(
    readonly actor: Actor,
    readonly principal: Principal,
    readonly ability: AppAbility,
    readonly patientId: string,
    readonly expectedVersion: number | undefined,
    readonly reason: DeactivationReason,
  ) {
    super();
  }
}
