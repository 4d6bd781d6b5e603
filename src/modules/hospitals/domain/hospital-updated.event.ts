import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

export class HospitalUpdated extends DomainEvent<{ readonly changedFields: readonly string[] }> {
  static readonly TYPE = 'hospitals.HospitalUpdated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(hospitalId: string, version: number, changedFields: readonly string[]) {
    super({ aggregateType: 'Hospital', aggregateId: hospitalId, aggregateVersion: version, payload: { changedFields } });
  }
}
