import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

/** Break-the-glass: who opened which patient, why, until when. The reason is the user's own words. */
export class EmergencyAccessGranted extends DomainEvent<{
  readonly userId: string;
  readonly patientId: string;
  readonly reason: string;
  readonly expiresAt: string;
}> {
  static readonly TYPE = 'auth.EmergencyAccessGranted.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'emergency-access', outcome: 'success' };

  constructor(grantId: string, payload: { userId: string; patientId: string; reason: string; expiresAt: Date }) {
    super({
      aggregateType: 'EmergencyAccessGrant',
      aggregateId: grantId,
      aggregateVersion: 1,
      payload: { ...payload, expiresAt: payload.expiresAt.toISOString() },
    });
  }
}
