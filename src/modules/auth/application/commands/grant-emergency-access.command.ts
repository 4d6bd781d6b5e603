import { Command } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';
import type { Principal } from '@hms/authz';

export interface EmergencyGrantView {
  readonly grantId: string;
  readonly userId: string;
  readonly patientId: string;
  readonly reason: string;
  readonly grantedAt: Date;
  readonly expiresAt: Date;
}

export class GrantEmergencyAccess extends Command<EmergencyGrantView> {
  constructor(
    readonly principal: Principal,
    readonly actor: Actor,
    readonly patientId: string,
    readonly reason: string,
  ) {
    super();
  }
}
