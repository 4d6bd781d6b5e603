import type { EncryptedPersonalData } from './encrypted-personal-data.js';
import type { PatientSex } from './patient-sex.js';
import type { PatientStatus } from './patient-status.js';

/**
 * A patient record at one version, personal fields still encrypted: what a
 * row holds, and what folding the Patient's events up to a version gives.
 */
export interface PatientState {
  readonly id: string;
  readonly mrn: string;
  readonly sex: PatientSex;
  readonly status: PatientStatus;
  readonly mergedIntoId: string | null;
  readonly registeringHospitalId: string;
  readonly encrypted: EncryptedPersonalData;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
