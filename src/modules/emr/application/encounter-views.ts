import { Injectable } from '@nestjs/common';
import { EncounterCipher } from '../infrastructure/encounter-cipher.js';
import type { EncounterRow } from '../infrastructure/encounter-row.js';
import type { EncounterView } from './encounter-view.js';

/** Rows as answers: the administrative part always, the clinical content (decrypted) only when shown. */
@Injectable()
export class EncounterViews {
  constructor(private readonly cipher: EncounterCipher) {}

  toView(row: EncounterRow, clinical: boolean): EncounterView {
    const administrative = {
      id: row.id,
      patientId: row.patient_id,
      hospitalId: row.hospital_id,
      departmentId: row.department_id,
      class: row.class,
      status: row.status,
      accountNumber: row.account_number,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
    if (!clinical) return { ...administrative, view: 'administrative' };
    return {
      ...administrative,
      view: 'clinical',
      attendingPractitionerId: row.attending_practitioner_id,
      careTeamIds: row.care_team_ids,
      reasonText: this.cipher.decrypt(row.id, 'reason_text', row.reason_text),
      statusReason: this.cipher.decrypt(row.id, 'status_reason', row.status_reason),
    };
  }
}
