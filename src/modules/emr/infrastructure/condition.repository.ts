import { Injectable } from '@nestjs/common';
import type { SqlFilter } from '@hms/authz';
import type { EntityManager } from 'typeorm';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';
import type { SqlStatement } from '../../../infrastructure/events/outbox-writer.js';
import type { ClinicalStatus, ConditionCategory, VerificationStatus } from '../domain/condition-vocabulary.js';
import type { ConditionRow } from './condition-row.js';

/** The unique partial index behind "one primary diagnosis per encounter". */
export const ONE_PRIMARY_DIAGNOSIS = 'conditions_one_primary_diagnosis';

/** Every column a read answers; dates as text (a JavaScript Date would shift them by the zone), the keyset to the microsecond. */
const COLUMNS = `c.id, c.category, c.patient_id, c.hospital_id, c.department_id, c.responsible_user_ids, c.encounter_id,
  c.code, c.display, c.clinical_status, c.verification_status, c.is_primary,
  to_char(c.onset_date, 'YYYY-MM-DD') AS onset_date, to_char(c.abatement_date, 'YYYY-MM-DD') AS abatement_date,
  c.recorder_id, c.recorded_at, c.note, c.late_entry, c.late_entry_reason, c.pii_key_id, c.version, c.created_at,
  c.updated_at, to_char(c.listed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS listed_key`;

export interface NewConditionRow {
  readonly id: string;
  readonly category: ConditionCategory;
  readonly patientId: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly responsibleUserIds: readonly string[];
  readonly encounterId: string | null;
  readonly code: string;
  readonly display: string;
  readonly clinicalStatus: ClinicalStatus;
  readonly verificationStatus: VerificationStatus;
  readonly primary: boolean;
  readonly onsetDate: string | null;
  readonly abatementDate: string | null;
  readonly recorderId: string;
  readonly recordedAt: Date;
  readonly note: string | null;
  readonly lateEntryReason: string | null;
  readonly piiKeyId: string | null;
}

/** What a PATCH writes; columns left undefined keep their value. */
export interface ConditionRowChange {
  readonly clinicalStatus?: ClinicalStatus;
  readonly verificationStatus?: VerificationStatus;
  readonly primary?: boolean;
  readonly onsetDate?: string | null;
  readonly abatementDate?: string | null;
  readonly note?: string | null;
  readonly lateEntryReason?: string | null;
  readonly piiKeyId?: string | null;
}

const CHANGE_COLUMNS: Record<keyof ConditionRowChange, string> = {
  clinicalStatus: 'clinical_status',
  verificationStatus: 'verification_status',
  primary: 'is_primary',
  onsetDate: 'onset_date',
  abatementDate: 'abatement_date',
  note: 'note',
  lateEntryReason: 'late_entry_reason',
  piiKeyId: 'pii_key_id',
};

export interface ConditionListQuery {
  readonly category: ConditionCategory;
  /** Of one encounter (diagnoses), or of these patient ids (a merged id and its surviving one). */
  readonly encounterId?: string;
  readonly patientIds?: readonly string[];
  readonly clinicalStatus?: ClinicalStatus;
  readonly after?: { readonly listedAt: string; readonly id: string };
  readonly limit: number;
}

/** The scope attributes of an encounter, for a read of its diagnoses. */
export interface EncounterScopeRow {
  id: string;
  patient_id: string;
  hospital_id: string;
  department_id: string;
  responsible_user_ids: string[];
}

/** The conditions table (diagnoses and problem-list entries): reviewed SQL on the unit of work's manager. */
@Injectable()
export class ConditionRepository {
  /** The row to change, locked until the unit of work commits. */
  async lock(db: EntityManager, id: string, category: ConditionCategory): Promise<ConditionRow | undefined> {
    const [row] = await db.query<ConditionRow[]>(
      `SELECT ${COLUMNS} FROM conditions c WHERE c.id = $1 AND c.category = $2 FOR UPDATE`,
      [id, category],
    );
    return row;
  }

  /** The patient a condition is filed under (an id, nothing clinical): what its read asks the patients context about. */
  async patientOf(db: EntityManager, id: string, category: ConditionCategory): Promise<string | undefined> {
    const [row] = await db.query<{ patient_id: string }[]>(`SELECT patient_id FROM conditions WHERE id = $1 AND category = $2`, [
      id,
      category,
    ]);
    return row?.patient_id;
  }

  /**
   * The statement that loads one condition for a recorded read (ADR 29), by
   * id, under the patient's current record or the id it was filed under; the
   * current id stands as the record's patient, since a merge moves it there.
   */
  byIdFor(id: string, category: ConditionCategory, currentPatientId: string, filedUnder: string): SqlStatement {
    return {
      sql: `SELECT ${COLUMNS}, $2::uuid AS current_patient_id FROM conditions c
             WHERE c.id = $1 AND c.category = $3 AND c.patient_id = ANY($4::uuid[])`,
      params: [id, currentPatientId, category, [currentPatientId, filedUnder]],
    };
  }

  async insert(db: EntityManager, row: NewConditionRow): Promise<ConditionRow> {
    const [inserted] = await db.query<ConditionRow[]>(
      `INSERT INTO conditions AS c (id, category, patient_id, hospital_id, department_id, responsible_user_ids, encounter_id,
                                    code, display, clinical_status, verification_status, is_primary, onset_date,
                                    abatement_date, recorder_id, recorded_at, note, late_entry, late_entry_reason, pii_key_id)
       VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, $9, $10, $11, $12, $13::date, $14::date, $15, $16, $17,
               $18::text IS NOT NULL, $18, $19)
       RETURNING ${COLUMNS}`,
      [
        row.id,
        row.category,
        row.patientId,
        row.hospitalId,
        row.departmentId,
        row.responsibleUserIds,
        row.encounterId,
        row.code,
        row.display,
        row.clinicalStatus,
        row.verificationStatus,
        row.primary,
        row.onsetDate,
        row.abatementDate,
        row.recorderId,
        row.recordedAt,
        row.note,
        row.lateEntryReason,
        row.piiKeyId,
      ],
    );
    return inserted;
  }

  /** Writes the change and bumps the version; answers the new row. */
  async update(db: EntityManager, id: string, change: ConditionRowChange): Promise<ConditionRow> {
    const entries = (Object.keys(CHANGE_COLUMNS) as (keyof ConditionRowChange)[]).filter((key) => change[key] !== undefined);
    const sets = entries.map(
      (key, i) => `${CHANGE_COLUMNS[key]} = $${i + 2}${key === 'onsetDate' || key === 'abatementDate' ? '::date' : ''}`,
    );
    const [[row]] = await db.query<UpdateResult<ConditionRow>>(
      `UPDATE conditions c SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE c.id = $1 RETURNING ${COLUMNS}`,
      [id, ...entries.map((key) => change[key])],
    );
    return row;
  }

  /** Moves every condition of a merged patient to the surviving record, new version each; none the second time. */
  async moveToPatient(db: EntityManager, fromPatientId: string, toPatientId: string): Promise<ConditionRow[]> {
    const [rows] = await db.query<UpdateResult<ConditionRow>>(
      `UPDATE conditions c SET patient_id = $2, version = version + 1, updated_at = now()
        WHERE c.patient_id = $1 RETURNING ${COLUMNS}`,
      [fromPatientId, toPatientId],
    );
    return rows;
  }

  /** An encounter's scope attributes (ids only), or undefined when there is no such encounter. */
  async encounterScope(db: EntityManager, encounterId: string): Promise<EncounterScopeRow | undefined> {
    const [row] = await db.query<EncounterScopeRow[]>(
      `SELECT id, patient_id, hospital_id, department_id, responsible_user_ids FROM encounters WHERE id = $1`,
      [encounterId],
    );
    return row;
  }

  /**
   * One page within the reader's scope (`scope` binds its parameters from $1
   * over `c`'s columns), newest first by (listed_at, id); `limit + 1` rows
   * tell whether another page follows.
   */
  async list(db: EntityManager, query: ConditionListQuery, scope: SqlFilter): Promise<ConditionRow[]> {
    const params = [...scope.params];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where = [scope.sql, `c.category = ${bind(query.category)}`];
    if (query.encounterId !== undefined) where.push(`c.encounter_id = ${bind(query.encounterId)}`);
    if (query.patientIds !== undefined) where.push(`c.patient_id = ANY(${bind(query.patientIds)}::uuid[])`);
    if (query.clinicalStatus !== undefined) where.push(`c.clinical_status = ${bind(query.clinicalStatus)}`);
    if (query.after) {
      where.push(`(c.listed_at, c.id) < (${bind(query.after.listedAt)}::timestamptz, ${bind(query.after.id)}::uuid)`);
    }
    return db.query<ConditionRow[]>(
      `SELECT ${COLUMNS} FROM conditions c WHERE ${where.join(' AND ')}
        ORDER BY c.listed_at DESC, c.id DESC LIMIT ${bind(query.limit + 1)}`,
      params,
    );
  }
}
