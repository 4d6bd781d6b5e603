import type { Interpretation, ObservationStatus, VitalCode } from '../domain/vital-signs.js';

/** A row of `vital_sets`. */
export interface VitalSetRow {
  id: string;
  encounter_id: string;
  patient_id: string;
  hospital_id: string;
  department_id: string;
  responsible_user_ids: string[];
  recorded_by: string;
  effective_at: Date;
  late_entry: boolean;
  late_entry_reason: string | null;
  pii_key_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** Its observations' summary as the timeline shows it, kept by a trigger (ADR 36). */
  observations: unknown[];
  /** entered-in-error once every observation is, kept by the same trigger. */
  status: 'final' | 'entered-in-error';
}

/** A row of `vital_observations`, its value as a number (numeric(7,3) in PostgreSQL). */
export interface VitalObservationRow {
  id: string;
  set_id: string;
  encounter_id: string;
  patient_id: string;
  hospital_id: string;
  department_id: string;
  responsible_user_ids: string[];
  recorded_by: string;
  code: VitalCode;
  value: number;
  unit: string;
  interpretation: Interpretation | null;
  derived: boolean;
  status: ObservationStatus;
  status_reason: string | null;
  pii_key_id: string | null;
  effective_at: Date;
  late_entry: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** effective_at to the microsecond (the trend's keyset). */
  listed_key: string;
}
