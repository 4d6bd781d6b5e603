import { Injectable } from '@nestjs/common';
import type { SqlFilter } from '@hms/authz';
import type { EntityManager } from 'typeorm';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';
import type { SqlStatement } from '../../../infrastructure/events/outbox-writer.js';
import type { AllergyRow } from './allergy-row.js';

/** The constraints that keep one active assertion per patient: their violation is a conflict, never a crash. */
export const ASSERTION_CONSTRAINTS = new Set(['allergy_assertions_consistent', 'allergy_assertions_active_nka_check']);

/** A new row, texts already encrypted. */
export type NewAllergyRow = Omit<AllergyRow, 'version' | 'created_at' | 'updated_at' | 'listed_at'>;

/** What a PATCH writes (every mutable column, the texts re-encrypted under the active key). */
export type AllergyChange = Pick<
  AllergyRow,
  | 'substance_text'
  | 'type'
  | 'categories'
  | 'criticality'
  | 'reactions_text'
  | 'reaction_severities'
  | 'clinical_status'
  | 'verification_status'
  | 'onset_at'
  | 'pii_key_id'
>;

const INSERT_COLUMNS = [
  'id',
  'patient_id',
  'hospital_id',
  'department_id',
  'responsible_user_ids',
  'encounter_id',
  'recorded_by',
  'kind',
  'substance_text',
  'substance_code',
  'type',
  'categories',
  'criticality',
  'reactions_text',
  'reaction_severities',
  'clinical_status',
  'verification_status',
  'onset_at',
  'pii_key_id',
] as const satisfies readonly (keyof NewAllergyRow)[];

const CHANGE_COLUMNS = [
  'substance_text',
  'type',
  'categories',
  'criticality',
  'reactions_text',
  'reaction_severities',
  'clinical_status',
  'verification_status',
  'onset_at',
  'pii_key_id',
] as const satisfies readonly (keyof AllergyChange)[];

const ARRAY_TYPES: Partial<Record<string, string>> = {
  responsible_user_ids: '::uuid[]',
  categories: '::text[]',
  reaction_severities: '::text[]',
};

/** allergy_intolerances and the per-patient allergy_assertions: reviewed SQL on the unit of work's manager. */
@Injectable()
export class AllergyRepository {
  /**
   * Takes the patient's assertion row, created when missing, locked until
   * the unit of work commits: every allergy write of a patient serialises
   * here, so each sees the one before it.
   */
  async lockAssertions(db: EntityManager, patientId: string): Promise<void> {
    await db.query(
      `INSERT INTO allergy_assertions AS a (patient_id) VALUES ($1)
       ON CONFLICT (patient_id) DO UPDATE SET patient_id = a.patient_id`,
      [patientId],
    );
  }

  /** The patient's active records (not refuted), locked. */
  async activeOf(db: EntityManager, patientId: string): Promise<AllergyRow[]> {
    return db.query<AllergyRow[]>(
      `SELECT * FROM allergy_intolerances
        WHERE patient_id = $1 AND clinical_status = 'active' AND verification_status <> 'refuted'
        ORDER BY created_at, id FOR UPDATE`,
      [patientId],
    );
  }

  async patientOf(db: EntityManager, id: string): Promise<string | undefined> {
    const [row] = await db.query<{ patient_id: string }[]>(`SELECT patient_id FROM allergy_intolerances WHERE id = $1`, [id]);
    return row?.patient_id;
  }

  /**
   * The statement that reads one record with its access event (ADR 29): by
   * the current patient id or the id it is filed under, the current one
   * answered as `current_patient_id` for the scope test.
   */
  byIdFor(id: string, currentPatientId: string, filedUnder: string): SqlStatement {
    return {
      sql: `SELECT a.*, $2::uuid AS current_patient_id FROM allergy_intolerances a
             WHERE a.id = $1 AND a.patient_id = ANY($3::uuid[])`,
      params: [id, currentPatientId, [currentPatientId, filedUnder]],
    };
  }

  async lock(db: EntityManager, id: string): Promise<AllergyRow | undefined> {
    const [row] = await db.query<AllergyRow[]>(`SELECT * FROM allergy_intolerances WHERE id = $1 FOR UPDATE`, [id]);
    return row;
  }

  async insert(db: EntityManager, row: NewAllergyRow): Promise<AllergyRow> {
    const [stored] = await db.query<AllergyRow[]>(
      `INSERT INTO allergy_intolerances (${INSERT_COLUMNS.join(', ')})
       VALUES (${INSERT_COLUMNS.map((column, i) => `$${i + 1}${ARRAY_TYPES[column] ?? ''}`).join(', ')}) RETURNING *`,
      INSERT_COLUMNS.map((column) => row[column]),
    );
    return stored;
  }

  /** Writes the change and bumps the version; answers the new row. */
  async update(db: EntityManager, id: string, change: AllergyChange): Promise<AllergyRow> {
    const sets = CHANGE_COLUMNS.map((column, i) => `${column} = $${i + 2}${ARRAY_TYPES[column] ?? ''}`);
    const [[row]] = await db.query<UpdateResult<AllergyRow>>(
      `UPDATE allergy_intolerances SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE id = $1 RETURNING *`,
      [id, ...CHANGE_COLUMNS.map((column) => change[column])],
    );
    return row;
  }

  /** Makes an active no-known-allergies assertion inactive (an allergy contradicts it); a new version. */
  async supersede(db: EntityManager, id: string): Promise<AllergyRow> {
    const [[row]] = await db.query<UpdateResult<AllergyRow>>(
      `UPDATE allergy_intolerances SET clinical_status = 'inactive', version = version + 1, updated_at = now()
        WHERE id = $1 RETURNING *`,
      [id],
    );
    return row;
  }

  /** The patient's records within the reader's scope (`scope` binds from $1 over `a`), newest recorded first. */
  async list(db: EntityManager, patientIds: readonly string[], scope: SqlFilter, limit: number): Promise<AllergyRow[]> {
    const params = [...scope.params];
    const bind = (value: unknown) => `$${params.push(value)}`;
    return db.query<AllergyRow[]>(
      `SELECT a.* FROM allergy_intolerances a
        WHERE ${scope.sql} AND a.patient_id = ANY(${bind(patientIds)}::uuid[])
        ORDER BY a.listed_at DESC, a.id DESC LIMIT ${bind(limit)}`,
      params,
    );
  }

  /** Moves a merged patient's records to the surviving one, a new version each; answers the rows moved. */
  async moveToPatient(db: EntityManager, fromPatientId: string, toPatientId: string): Promise<AllergyRow[]> {
    const [rows] = await db.query<UpdateResult<AllergyRow>>(
      `UPDATE allergy_intolerances SET patient_id = $2, version = version + 1, updated_at = now()
        WHERE patient_id = $1 RETURNING *`,
      [fromPatientId, toPatientId],
    );
    return rows;
  }
}
