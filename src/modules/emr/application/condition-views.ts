import { Injectable } from '@nestjs/common';
import { conditionSnapshotOf, type ConditionSnapshot } from '../domain/condition-events.js';
import { ConditionCipher } from '../infrastructure/condition-cipher.js';
import { type ConditionRow, toConditionState } from '../infrastructure/condition-row.js';
import type { ConditionView } from './condition-view.js';

/** Rows as answers (texts decrypted) and as event snapshots (texts left out). */
@Injectable()
export class ConditionViews {
  constructor(private readonly cipher: ConditionCipher) {}

  toView(row: ConditionRow): ConditionView {
    return {
      id: row.id,
      category: row.category,
      patientId: row.patient_id,
      encounterId: row.encounter_id,
      hospitalId: row.hospital_id,
      departmentId: row.department_id,
      code: row.code,
      display: row.display,
      clinicalStatus: row.clinical_status,
      verificationStatus: row.verification_status,
      primary: row.is_primary,
      onsetDate: row.onset_date,
      abatementDate: row.abatement_date,
      recorderId: row.recorder_id,
      recordedAt: row.recorded_at,
      note: this.cipher.decrypt(row.id, 'note', row.note),
      lateEntry: row.late_entry,
      lateEntryReason: this.cipher.decrypt(row.id, 'late_entry_reason', row.late_entry_reason),
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  snapshotOf(row: ConditionRow): ConditionSnapshot {
    return conditionSnapshotOf(toConditionState(row), {
      note: row.note !== null,
      lateEntryReason: row.late_entry_reason !== null,
    });
  }
}
