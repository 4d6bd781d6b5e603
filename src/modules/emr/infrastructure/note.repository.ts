import { Injectable } from '@nestjs/common';
import type { PatientScopedRecord, SqlFilter } from '@hms/authz';
import type { EntityManager } from 'typeorm';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';
import type { SqlStatement } from '../../../infrastructure/events/outbox-writer.js';
import type { NoteStatus } from '../domain/note-status.js';
import type { NoteTypeCode } from '../domain/note-type.js';
import type { NoteRow } from './note-row.js';

/** The unique constraint on amends_note_id and the one-current-version index: either means the version was amended already. */
export const NOTE_AMENDED_ONCE = ['clinical_notes_amended_once', 'clinical_notes_one_current_version'];

/**
 * The columns every read answers: the row, its sort key to the microsecond
 * as text (a JavaScript Date keeps milliseconds; a cursor rounded so would
 * skip or repeat rows), and the amendment that superseded it (the unique
 * index on amends_note_id finds it).
 */
const COLUMNS = `n.*, to_char(n.listed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS listed_key,
  (SELECT s.id FROM clinical_notes s WHERE s.amends_note_id = n.id) AS amended_by_note_id`;

/** A new row: a draft, or an amendment signed as it is written. Texts are ciphertexts already. */
export interface NewNoteRow {
  readonly id: string;
  readonly encounterId: string;
  /** Copied from the encounter (its hospital and department are never null). */
  readonly scope: PatientScopedRecord;
  readonly typeCode: NoteTypeCode;
  readonly status: Extract<NoteStatus, 'preliminary' | 'final'>;
  readonly authorId: string;
  readonly text: string;
  readonly lateEntryReason: string | null;
  readonly amendsNoteId: string | null;
  readonly originalNoteId: string;
  readonly amendmentReason: string | null;
  readonly piiKeyId: string;
  readonly signedAt: Date | null;
}

/** What a PATCH, a signature or an amendment writes; columns left undefined keep their value. */
export interface NoteChange {
  readonly typeCode?: NoteTypeCode;
  readonly status?: NoteStatus;
  readonly text?: string;
  readonly lateEntryReason?: string | null;
  readonly amendmentReason?: string | null;
  readonly piiKeyId?: string;
  readonly signedAt?: Date;
}

const CHANGE_COLUMNS: Record<keyof NoteChange, string> = {
  typeCode: 'type_code',
  status: 'status',
  text: 'text',
  lateEntryReason: 'late_entry_reason',
  amendmentReason: 'amendment_reason',
  piiKeyId: 'pii_key_id',
  signedAt: 'signed_at',
};

export interface NoteListQuery {
  readonly encounterId: string;
  /** The last (listed_key, id) shown. */
  readonly after?: { readonly listedAt: string; readonly id: string };
  readonly limit: number;
}

/** The scope columns of the encounter a note is listed under. */
export type EncounterScopeRow = Pick<NoteRow, 'patient_id' | 'hospital_id' | 'department_id' | 'responsible_user_ids'>;

/** The clinical_notes table: reviewed SQL on the unit of work's manager. */
@Injectable()
export class NoteRepository {
  /** Which encounter and patient a note is filed under (ids, nothing clinical): what a write locks first and a read asks about. */
  async filingOf(db: EntityManager, id: string): Promise<{ encounter_id: string; patient_id: string } | undefined> {
    const [row] = await db.query<{ encounter_id: string; patient_id: string }[]>(
      `SELECT encounter_id, patient_id FROM clinical_notes WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** The row to change, locked until the unit of work commits: a signature, an edit and amendments of one note serialise on it. */
  async lock(db: EntityManager, id: string): Promise<NoteRow | undefined> {
    const [row] = await db.query<NoteRow[]>(`SELECT ${COLUMNS} FROM clinical_notes n WHERE n.id = $1 FOR UPDATE`, [id]);
    return row;
  }

  /** The current version of a note (the one not amended), given any version's original_note_id. */
  async currentVersionOf(db: EntityManager, originalNoteId: string): Promise<string | null> {
    const [row] = await db.query<{ id: string }[]>(
      `SELECT id FROM clinical_notes WHERE original_note_id = $1 AND status IN ('preliminary', 'final')`,
      [originalNoteId],
    );
    return row?.id ?? null;
  }

  /** The scope columns of an encounter (nothing clinical), to decide whether its notes may be listed. */
  async encounterScope(db: EntityManager, encounterId: string): Promise<EncounterScopeRow | undefined> {
    const [row] = await db.query<EncounterScopeRow[]>(
      `SELECT patient_id, hospital_id, department_id, responsible_user_ids FROM encounters WHERE id = $1`,
      [encounterId],
    );
    return row;
  }

  /**
   * The statement that loads one note for a recorded read (ADR 29): by id,
   * under the patient's current record or the id it was filed under; the
   * current id stands as the record's patient, since a merge moves the note there.
   */
  byIdFor(id: string, currentPatientId: string, filedUnder: string): SqlStatement {
    return {
      sql: `SELECT ${COLUMNS}, $2::uuid AS current_patient_id FROM clinical_notes n
             WHERE n.id = $1 AND n.patient_id = ANY($3::uuid[])`,
      params: [id, currentPatientId, [currentPatientId, filedUnder]],
    };
  }

  async insert(db: EntityManager, row: NewNoteRow): Promise<NoteRow> {
    const [inserted] = await db.query<NoteRow[]>(
      `INSERT INTO clinical_notes AS n (id, encounter_id, patient_id, hospital_id, department_id, responsible_user_ids,
                                       type_code, status, author_id, text, late_entry, late_entry_reason,
                                       amends_note_id, original_note_id, amendment_reason, pii_key_id, signed_at)
       VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       RETURNING ${COLUMNS}`,
      [
        row.id,
        row.encounterId,
        row.scope.patientId,
        row.scope.hospitalId,
        row.scope.departmentId,
        row.scope.responsibleUserIds,
        row.typeCode,
        row.status,
        row.authorId,
        row.text,
        row.lateEntryReason !== null,
        row.lateEntryReason,
        row.amendsNoteId,
        row.originalNoteId,
        row.amendmentReason,
        row.piiKeyId,
        row.signedAt,
      ],
    );
    return inserted;
  }

  /** Writes the change and bumps the version; answers the new row. */
  async update(db: EntityManager, id: string, change: NoteChange): Promise<NoteRow> {
    const entries = (Object.keys(CHANGE_COLUMNS) as (keyof NoteChange)[]).filter((key) => change[key] !== undefined);
    const sets = entries.map((key, i) => `${CHANGE_COLUMNS[key]} = $${i + 2}`);
    const [[row]] = await db.query<UpdateResult<NoteRow>>(
      `UPDATE clinical_notes n SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE n.id = $1 RETURNING ${COLUMNS}`,
      [id, ...entries.map((key) => change[key])],
    );
    return row;
  }

  /** Moves every note of a merged patient to the surviving record, new version each; answers the rows moved (none the second time). */
  async moveToPatient(db: EntityManager, fromPatientId: string, toPatientId: string): Promise<NoteRow[]> {
    const [rows] = await db.query<UpdateResult<NoteRow>>(
      `UPDATE clinical_notes n SET patient_id = $2, version = version + 1, updated_at = now()
        WHERE n.patient_id = $1 RETURNING ${COLUMNS}`,
      [fromPatientId, toPatientId],
    );
    return rows;
  }

  /**
   * One page of an encounter's notes within the reader's scope (`scope`
   * binds its parameters from $1, over the table's own columns), newest
   * first by (listed_at, id); `limit + 1` rows tell whether another follows.
   */
  async list(db: EntityManager, query: NoteListQuery, scope: SqlFilter): Promise<NoteRow[]> {
    const params = [...scope.params];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where = [scope.sql, `n.encounter_id = ${bind(query.encounterId)}`];
    if (query.after) {
      where.push(`(n.listed_at, n.id) < (${bind(query.after.listedAt)}::timestamptz, ${bind(query.after.id)}::uuid)`);
    }
    return db.query<NoteRow[]>(
      `SELECT ${COLUMNS} FROM clinical_notes n WHERE ${where.join(' AND ')}
        ORDER BY n.listed_at DESC, n.id DESC LIMIT ${bind(query.limit + 1)}`,
      params,
    );
  }
}
