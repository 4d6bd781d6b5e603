import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { EncryptedPersonalData } from './encrypted-personal-data.js';
import type { PatientDetails } from './patient-details.js';
import type { PatientSex } from './patient-sex.js';

/**
 * A change of details: the names of the changed fields and, for personal
 * fields, their new ciphertexts (the row's, bound to the patient); sex in
 * clear when it changed. Folding these over PatientRegistered rebuilds any version.
 */
export interface PatientUpdatedPayload {
  readonly patientId: string;
  readonly changedFields: readonly (keyof PatientDetails)[];
  readonly encrypted: Partial<EncryptedPersonalData>;
  readonly sex?: PatientSex;
  readonly piiKeyId: string;
}

export class PatientUpdated extends DomainEvent<PatientUpdatedPayload> {
  static readonly TYPE = 'patients.PatientUpdated.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };

  constructor(version: number, payload: PatientUpdatedPayload) {
    super({ aggregateType: 'Patient', aggregateId: payload.patientId, aggregateVersion: version, payload });
  }
}
