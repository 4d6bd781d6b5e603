import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

/** A hospital registered through the API. Payloads carry ids, flags and field names, never free text from the request. */
export class HospitalRegistered extends DomainEvent<{
  readonly isActive: boolean;
  readonly timeZone: string;
  readonly hasPhone: boolean;
}> {
  static readonly TYPE = 'hospitals.HospitalRegistered.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };

  constructor(hospitalId: string, payload: { isActive: boolean; timeZone: string; hasPhone: boolean }) {
    super({ aggregateType: 'Hospital', aggregateId: hospitalId, aggregateVersion: 1, payload });
  }
}
