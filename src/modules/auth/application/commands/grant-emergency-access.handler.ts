import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { uuidv7 } from '@hms/ddd';
import { APP_CONFIG } from '../../../../config/config.module.js';
import type { AppConfig } from '../../../../config/app-config.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { EmergencyAccessGranted } from '../../domain/emergency-access-granted.event.js';
import { AuthStateStore } from '../../infrastructure/auth-state.store.js';
import { type EmergencyGrantView, GrantEmergencyAccess } from './grant-emergency-access.command.js';

/** Break-the-glass: opens one patient to the user for a limited time; the reason goes to the audit trail. */
@CommandHandler(GrantEmergencyAccess)
export class GrantEmergencyAccessHandler implements ICommandHandler<GrantEmergencyAccess, EmergencyGrantView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly authState: AuthStateStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, actor, patientId, reason }: GrantEmergencyAccess): Promise<EmergencyGrantView> {
    const grantedAt = new Date();
    const view: EmergencyGrantView = {
      grantId: uuidv7(),
      userId: principal.userId,
      patientId,
      reason: reason.trim(),
      grantedAt,
      expiresAt: new Date(grantedAt.getTime() + this.config.auth.emergencyAccessSeconds * 1000),
    };
    await this.uow.run(actor, async (tx) => {
      await tx.manager.query(
        `INSERT INTO emergency_access_grants (id, user_id, patient_id, reason, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [view.grantId, view.userId, view.patientId, view.reason, view.grantedAt, view.expiresAt],
      );
      tx.record(new EmergencyAccessGranted(view.grantId, view));
    });
    await this.authState.forgetUsers([principal.userId]);
    return view;
  }
}
