import { DomainEvent } from '@hms/ddd';

/** Break-the-glass: who opened which patient, why, until when. The reason is the user's own words. */
export class EmergencyAccessGranted extends DomainEvent<{
  readonly userId: string;
  readonly patientId: string;
  readonly reason: string;
  readonly expiresAt: string;
}> {
  constructor(grantId: string, payload: { userId: string; patientId: string; reason: string; expiresAt: Date }) {
    super({
      aggregateType: 'EmergencyAccessGrant',
      aggregateId: grantId,
      aggregateVersion: 1,
      payload: { ...payload, expiresAt: payload.expiresAt.toISOString() },
    });
  }
}
