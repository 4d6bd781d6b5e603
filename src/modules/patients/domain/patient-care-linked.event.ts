import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { CareLinkKind } from './care-link.js';

/** A user, department or hospital became involved with a patient (a fact, version 0: the record itself did not change). */
export class PatientCareLinked extends DomainEvent<{
  readonly patientId: string;
  readonly kind: CareLinkKind;
  readonly refId: string;
  readonly source: string;
}> {
  static readonly TYPE = 'patients.PatientCareLinked.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'execute', outcome: 'success' };

  constructor(patientId: string, kind: CareLinkKind, refId: string, source: string) {
    super({ aggregateType: 'Patient', aggregateId: patientId, aggregateVersion: 0, payload: { patientId, kind, refId, source } });
  }
}
