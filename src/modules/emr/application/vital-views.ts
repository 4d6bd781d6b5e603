import { Injectable } from '@nestjs/common';
import { LOINC_SYSTEM, UCUM_SYSTEM, VITAL_SIGNS } from '../domain/vital-signs.js';
import type { VitalSetSnapshot } from '../domain/vital-events.js';
import { ClinicalTextCipher } from '../infrastructure/clinical-text-cipher.js';
import type { VitalObservationRow, VitalSetRow } from '../infrastructure/vital-rows.js';
import type { VitalObservationView, VitalSetView } from './vital-view.js';

/** Where each vitals text is bound (table and column) when encrypted. */
export const SET_LATE_REASON = { table: 'vital_sets', column: 'late_entry_reason' } as const;
export const OBSERVATION_STATUS_REASON = { table: 'vital_observations', column: 'status_reason' } as const;

/** Rows as answers (texts decrypted) and as event snapshots (texts left out). */
@Injectable()
export class VitalViews {
  constructor(private readonly cipher: ClinicalTextCipher) {}

  observation(row: VitalObservationRow): VitalObservationView {
    return {
      id: row.id,
      vitalSetId: row.set_id,
      encounterId: row.encounter_id,
      patientId: row.patient_id,
      category: 'vital-signs',
      code: row.code,
      display: VITAL_SIGNS[row.code].display,
      system: LOINC_SYSTEM,
      value: Number(row.value),
      unit: row.unit,
      unitSystem: UCUM_SYSTEM,
      interpretation: row.interpretation,
      derived: row.derived,
      status: row.status,
      statusReason: this.cipher.decrypt(OBSERVATION_STATUS_REASON, row.id, row.status_reason),
      effectiveDateTime: row.effective_at,
      lateEntry: row.late_entry,
      recordedBy: row.recorded_by,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  set(set: VitalSetRow, observations: readonly VitalObservationRow[]): VitalSetView {
    return {
      id: set.id,
      encounterId: set.encounter_id,
      patientId: set.patient_id,
      effectiveDateTime: set.effective_at,
      lateEntry: set.late_entry,
      lateEntryReason: this.cipher.decrypt(SET_LATE_REASON, set.id, set.late_entry_reason),
      recordedBy: set.recorded_by,
      version: set.version,
      observations: observations.map((row) => this.observation(row)),
    };
  }
}

export function vitalSetSnapshot(set: VitalSetRow, observations: readonly VitalObservationRow[]): VitalSetSnapshot {
  return {
    vitalSetId: set.id,
    patientId: set.patient_id,
    encounterId: set.encounter_id,
    hospitalId: set.hospital_id,
    departmentId: set.department_id,
    recordedBy: set.recorded_by,
    effectiveAt: set.effective_at.toISOString(),
    lateEntry: set.late_entry,
    lateEntryReasonRecorded: set.late_entry_reason !== null,
    observations: observations.map((o) => ({
      observationId: o.id,
      code: o.code,
      value: Number(o.value),
      unit: o.unit,
      interpretation: o.interpretation,
      derived: o.derived,
      status: o.status,
      statusReasonRecorded: o.status_reason !== null,
    })),
  };
}
