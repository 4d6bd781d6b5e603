import type { ConditionState } from '../domain/condition-state.js';
import type { ClinicalStatus, ConditionCategory, VerificationStatus } from '../domain/condition-vocabulary.js';

/** A row of `conditions` as the repository selects it (dates as YYYY-MM-DD text). */
export interface ConditionRow {
  id: string;
  category: ConditionCategory;
  patient_id: string;
  hospital_id: string;
  department_id: string;
  responsible_user_ids: string[];
  encounter_id: string | null;
  code: string;
  display: string;
  clinical_status: ClinicalStatus;
  verification_status: VerificationStatus;
  is_primary: boolean;
  onset_date: string | null;
  abatement_date: string | null;
  recorder_id: string;
  recorded_at: Date;
  note: string | null;
  late_entry: boolean;
  late_entry_reason: string | null;
  pii_key_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** listed_at to the microsecond (the lists' keyset). */
  listed_key: string;
}

export function toConditionState(row: ConditionRow): ConditionState {
  return {
    id: row.id,
    category: row.category,
    patientId: row.patient_id,
    encounterId: row.encounter_id,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    code: row.code,
    clinicalStatus: row.clinical_status,
    verificationStatus: row.verification_status,
    primary: row.is_primary,
    onsetDate: row.onset_date,
    abatementDate: row.abatement_date,
    recorderId: row.recorder_id,
    recordedAt: row.recorded_at,
    lateEntry: row.late_entry,
    version: row.version,
  };
}
