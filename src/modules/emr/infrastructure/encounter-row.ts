import type { EncounterClass } from '../domain/encounter-class.js';
import type { EncounterState } from '../domain/encounter-state.js';
import type { EncounterStatus } from '../domain/encounter-status.js';

/** A row of `encounters` as PostgreSQL answers it. */
export interface EncounterRow {
  id: string;
  patient_id: string;
  hospital_id: string;
  department_id: string;
  class: EncounterClass;
  status: EncounterStatus;
  attending_practitioner_id: string | null;
  care_team_ids: string[];
  responsible_user_ids: string[];
  account_number: string;
  reason_text: string | null;
  status_reason: string | null;
  pii_key_id: string | null;
  period_start: Date | null;
  period_end: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  listed_at: Date;
  /** listed_at to the microsecond (the list's keyset). */
  listed_key: string;
}

export function toEncounterState(row: EncounterRow): EncounterState {
  return {
    id: row.id,
    patientId: row.patient_id,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    class: row.class,
    status: row.status,
    attendingPractitionerId: row.attending_practitioner_id,
    careTeamIds: row.care_team_ids,
    accountNumber: row.account_number,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    version: row.version,
  };
}
