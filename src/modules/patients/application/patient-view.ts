import type { ExternalIdentifier } from '../domain/external-identifier.js';
import type { PatientPersonalData } from '../domain/patient-personal-data.js';
import type { PatientSex } from '../domain/patient-sex.js';
import type { PatientStatus } from '../domain/patient-status.js';

/** A patient as the API answers it: decrypted, and masked unless the caller holds patients:read-sensitive. */
export interface PatientView extends PatientPersonalData {
  readonly id: string;
  readonly mrn: string;
  /** Other systems' MRNs (ADR 38), shown like the MRN: never masked. */
  readonly externalIdentifiers: readonly ExternalIdentifier[];
  readonly sex: PatientSex;
  readonly registeringHospitalId: string;
  readonly status: PatientStatus;
  readonly mergedIntoId: string | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A page of a search: `hasMore` instead of a total, which would cost a count of every match (ADR 9). */
export interface PatientPage {
  readonly items: readonly PatientView[];
  readonly page: number;
  readonly pageSize: number;
  readonly hasMore: boolean;
}
