import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { PatientStatus } from './patient-status.js';

export interface PatientDeactivatedPayload {
  readonly patientId: string;
  readonly status: 'inactive' | 'deceased';
  readonly previousStatus: PatientStatus;
  readonly mergedIntoId: null;
}

export class PatientDeactivated extends DomainEvent<PatientDeactivatedPayload> {
  static readonly TYPE = 'patients.PatientDeactivated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, payload: PatientDeactivatedPayload) {
    super({ aggregateType: 'Patient', aggregateId: payload.patientId, aggregateVersion: version, payload });
  }
}
