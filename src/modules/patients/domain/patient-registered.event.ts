import { type AuditDeclaration, DomainEvent } from '@hms/ddd';
import type { EncryptedPersonalData } from './encrypted-personal-data.js';
import type { PatientSex } from './patient-sex.js';
import type { PatientStatus } from './patient-status.js';

/**
 * Version 1 of a Patient: the full state, personal fields as the row's
 * ciphertexts (so a history can decrypt them), the rest in clear.
 */
export interface PatientRegisteredPayload {
  readonly patientId: string;
  readonly mrn: string;
  readonly sex: PatientSex;
  readonly status: PatientStatus;
  readonly mergedIntoId: null;
  readonly registeringHospitalId: string;
  /** The encryption key the ciphertexts were written with. */
  readonly piiKeyId: string;
  readonly encrypted: EncryptedPersonalData;
  /** True when the client confirmed a registration that looked like a duplicate. */
  readonly duplicateConfirmed: boolean;
}

export class PatientRegistered extends DomainEvent<PatientRegisteredPayload> {
  static readonly TYPE = 'patients.PatientRegistered.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'create', outcome: 'success' };

  constructor(payload: PatientRegisteredPayload) {
    super({ aggregateType: 'Patient', aggregateId: payload.patientId, aggregateVersion: 1, payload });
  }
}
