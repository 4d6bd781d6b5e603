import { Injectable } from '@nestjs/common';
import type { SqlFilter } from '@hms/authz';
import type { EntityManager } from 'typeorm';
import { type UnnestColumn, unnestRows } from '../../../infrastructure/database/unnest-rows.js';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';
import type { SqlStatement } from '../../../infrastructure/events/outbox-writer.js';
import type { PatientSex } from '../domain/patient-sex.js';
import type { PatientStatus } from '../domain/patient-status.js';
import { BLIND_INDEX_COLUMNS, type BlindIndexes, ENCRYPTED_COLUMNS, type EncryptedColumns } from './patient-encryption.js';
import {
  CARE_LINKS_LATERAL,
  type DuplicateMatchRow,
  EXTERNAL_IDENTIFIERS_OF,
  type PatientRow,
  type PatientRowWithLinks,
} from './patient-row.js';
import type { IndexCondition } from './patient-search-plan.js';

/** The records merged into `p`, directly or through another, when `p` is current (a column for withLinks). */
const MERGED_INTO_CURRENT = `,
  CASE WHEN p.merged_into_id IS NULL THEN ARRAY(
    WITH RECURSIVE merged (id) AS (
      SELECT m.id FROM patients m WHERE m.merged_into_id = p.id
       UNION
      SELECT c.id FROM patients c JOIN merged ON c.merged_into_id = merged.id
    )
    SELECT id FROM merged) END AS merged_ids`;

/** How many possible duplicates one registration considers, oldest first. */
export const DUPLICATE_MATCH_LIMIT = 20;

/** The unique index on mrn: its violation means the supplied number is taken. */
export const MRN_UNIQUE_INDEX = 'patients_mrn_key';

const ENCRYPTED = Object.values(ENCRYPTED_COLUMNS);
/** What a write answers: the row as every read selects it, with its external identifiers. */
const RETURNING_ROW = `RETURNING p.*, ${EXTERNAL_IDENTIFIERS_OF('p')}`;
const INDEXED = Object.values(BLIND_INDEX_COLUMNS);

/** Everything a new row needs; status starts active, version 1. */
export interface NewPatientRow {
  readonly id: string;
  readonly mrn: string;
  readonly sex: PatientSex;
  readonly registeringHospitalId: string;
  readonly encrypted: EncryptedColumns;
  readonly piiKeyId: string;
  readonly indexes: BlindIndexes;
  readonly blindIndexKeyId: string;
}

/** A new row's columns, as insert and insertMany write them. */
const NEW_ROW: readonly UnnestColumn<NewPatientRow>[] = [
  ['id', 'uuid', (row) => row.id],
  ['mrn', 'text', (row) => row.mrn],
  ['sex', 'text', (row) => row.sex],
  ['registering_hospital_id', 'uuid', (row) => row.registeringHospitalId],
  ...ENCRYPTED.map((column): UnnestColumn<NewPatientRow> => [column, 'text', (row) => row.encrypted[column]]),
  ['pii_key_id', 'text', (row) => row.piiKeyId],
  ...INDEXED.map((column): UnnestColumn<NewPatientRow> => [column, 'text', (row) => row.indexes[column]]),
  ['blind_index_key_id', 'text', (row) => row.blindIndexKeyId],
];

/** A personal-data rewrite: every ciphertext and index, under the active keys, so a row never mixes keys. */
export interface PatientRewrite {
  readonly sex: PatientSex;
  readonly encrypted: EncryptedColumns;
  readonly piiKeyId: string;
  readonly indexes: BlindIndexes;
  readonly blindIndexKeyId: string;
}

export interface PatientQuery {
  readonly indexConditions: readonly IndexCondition[];
  readonly mrn?: string;
  readonly status?: PatientStatus;
  readonly registeringHospitalId?: string;
  readonly page: number;
  readonly pageSize: number;
}

/**
 * The patients table. Reads that decide access load the row and its care
 * links in one statement; writes lock the row first.
 */
@Injectable()
export class PatientRepository {
  async findWithLinks(db: EntityManager, id: string, lock = false): Promise<PatientRowWithLinks | undefined> {
    const { sql, params } = this.withLinks(id);
    const [row] = await db.query<PatientRowWithLinks[]>(`${sql} ${lock ? 'FOR UPDATE OF p' : ''}`, params);
    return row;
  }

  /**
   * As findWithLinks, in the same statement, with every record merged into this one (directly or
   * through another) when it is current; a merged record answers none (its target is read next).
   */
  async findWithLinksAndMerged(
    db: EntityManager,
    id: string,
  ): Promise<(PatientRowWithLinks & { merged_ids: string[] | null }) | undefined> {
    const { sql, params } = this.withLinks(id, MERGED_INTO_CURRENT);
    const [row] = await db.query<(PatientRowWithLinks & { merged_ids: string[] | null })[]>(sql, params);
    return row;
  }

  /** findWithLinks for several ids in one statement (no lock); answers the rows that exist. */
  async findManyWithLinks(db: EntityManager, ids: readonly string[]): Promise<PatientRowWithLinks[]> {
    return db.query<PatientRowWithLinks[]>(
      `SELECT p.*, ${EXTERNAL_IDENTIFIERS_OF('p')}, links.user_ids, links.department_ids, links.hospital_ids
         FROM patients p ${CARE_LINKS_LATERAL}
        WHERE p.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** The statement findWithLinks runs, for a recorded read to wrap (recordedReadSql). */
  withLinks(id: string, extraColumns = ''): SqlStatement {
    return {
      sql: `SELECT p.*, ${EXTERNAL_IDENTIFIERS_OF('p')}, links.user_ids, links.department_ids, links.hospital_ids${extraColumns}
              FROM patients p ${CARE_LINKS_LATERAL}
             WHERE p.id = $1`,
      params: [id],
    };
  }

  /** Locks several rows in id order, so two merges of the same pair cannot deadlock; answers those that exist. */
  async lockAllWithLinks(db: EntityManager, ids: readonly string[]): Promise<PatientRowWithLinks[]> {
    return db.query<PatientRowWithLinks[]>(
      `SELECT p.*, ${EXTERNAL_IDENTIFIERS_OF('p')}, links.user_ids, links.department_ids, links.hospital_ids
         FROM patients p ${CARE_LINKS_LATERAL}
        WHERE p.id = ANY($1::uuid[])
        ORDER BY p.id
          FOR UPDATE OF p`,
      [ids],
    );
  }

  /**
   * The record a patient was merged into (null: none; undefined: no such
   * patient), under a key-share lock that waits for a merge in progress.
   */
  async mergedIntoIdForKeyShare(db: EntityManager, id: string): Promise<string | null | undefined> {
    const [row] = await db.query<{ merged_into_id: string | null }[]>(
      `SELECT merged_into_id FROM patients WHERE id = $1 FOR KEY SHARE`,
      [id],
    );
    return row ? row.merged_into_id : undefined;
  }

  /** mergedIntoIdForKeyShare for several ids in one statement, locked in id order; ids of no patient are left out. */
  async mergedIntoIdsForKeyShare(db: EntityManager, ids: readonly string[]): Promise<Map<string, string | null>> {
    const rows = await db.query<{ id: string; merged_into_id: string | null }[]>(
      `SELECT id, merged_into_id FROM patients WHERE id = ANY($1::uuid[]) ORDER BY id FOR KEY SHARE`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.merged_into_id]));
  }

  async nextMrnNumber(db: EntityManager): Promise<string> {
    const [{ n }] = await db.query<{ n: string }[]>(`SELECT nextval('patient_mrn_seq')::text AS n`);
    return n;
  }

  /** Several numbers of the MRN sequence in one statement. */
  async nextMrnNumbers(db: EntityManager, count: number): Promise<string[]> {
    const rows = await db.query<{ n: string }[]>(`SELECT nextval('patient_mrn_seq')::text AS n FROM generate_series(1, $1)`, [
      count,
    ]);
    return rows.map(({ n }) => n);
  }

  /**
   * Serialises registrations of the same name and birth date until commit,
   * so two identical requests cannot both pass the duplicate check. The
   * two-key form keeps this lock's space apart from other advisory locks.
   */
  async lockRegistrationKey(db: EntityManager, key: string): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('patients:registration'), hashtext($1))`, [key]);
  }

  /**
   * Unmerged patients with the same first + last name and birth date, under
   * any index key of the ring, with the links their scope is decided on
   * (the oldest DUPLICATE_MATCH_LIMIT are considered).
   */
  async findDuplicates(
    db: EntityManager,
    firstLastName: readonly string[],
    dateOfBirth: readonly string[],
  ): Promise<DuplicateMatchRow[]> {
    return db.query<DuplicateMatchRow[]>(
      `SELECT p.id, p.mrn, p.registering_hospital_id, p.status, ${EXTERNAL_IDENTIFIERS_OF('p')},
              links.user_ids, links.department_ids, links.hospital_ids
         FROM (SELECT id, mrn, registering_hospital_id, status, created_at
                 FROM patients
                WHERE first_last_name_bidx = ANY($1::text[]) AND date_of_birth_bidx = ANY($2::text[]) AND status <> 'merged'
                ORDER BY created_at, id
                LIMIT ${DUPLICATE_MATCH_LIMIT}) p ${CARE_LINKS_LATERAL}
        ORDER BY p.created_at, p.id`,
      [firstLastName, dateOfBirth],
    );
  }

  /**
   * Inserts a new patient. With `skipTakenMrn` a taken mrn inserts nothing
   * and answers undefined (a generated number met one supplied by an import);
   * without it, the unique violation of patients_mrn_key is thrown.
   */
  async insert(db: EntityManager, row: NewPatientRow, skipTakenMrn: boolean): Promise<PatientRow | undefined> {
    const values = NEW_ROW.map(([, , value]) => value(row));
    const [inserted] = await db.query<PatientRow[]>(
      `INSERT INTO patients AS p (${NEW_ROW.map(([column]) => column).join(', ')})
       VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
       ${skipTakenMrn ? 'ON CONFLICT (mrn) DO NOTHING' : ''} ${RETURNING_ROW}`,
      values,
    );
    return inserted;
  }

  /**
   * insert for several rows in one statement, each generated MRN skipped
   * when an import took it: answers the rows inserted (fewer than given
   * when one was skipped), in no particular order.
   */
  async insertMany(db: EntityManager, rows: readonly NewPatientRow[]): Promise<PatientRow[]> {
    const given = unnestRows('n', NEW_ROW, rows);
    return db.query<PatientRow[]>(
      `INSERT INTO patients AS p (${NEW_ROW.map(([column]) => column).join(', ')})
       SELECT * FROM ${given.sql}
       ON CONFLICT (mrn) DO NOTHING ${RETURNING_ROW}`,
      given.params,
    );
  }

  /** Rewrites sex and every personal column and index, bumps the version; answers the new row. */
  async rewrite(db: EntityManager, id: string, change: PatientRewrite): Promise<PatientRow> {
    const assignments: [string, unknown][] = [
      ['sex', change.sex],
      ...ENCRYPTED.map((column): [string, unknown] => [column, change.encrypted[column]]),
      ['pii_key_id', change.piiKeyId],
      ...INDEXED.map((column): [string, unknown] => [column, change.indexes[column]]),
      ['blind_index_key_id', change.blindIndexKeyId],
    ];
    const sets = assignments.map(([column], i) => `${column} = $${i + 2}`);
    const [[row]] = await db.query<UpdateResult<PatientRow>>(
      `UPDATE patients p SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE p.id = $1 ${RETURNING_ROW}`,
      [id, ...assignments.map(([, value]) => value)],
    );
    return row;
  }

  /** rewrite for several rows in one statement; answers the new rows, in no particular order. */
  async rewriteMany(db: EntityManager, changes: readonly { id: string; change: PatientRewrite }[]): Promise<PatientRow[]> {
    type Given = (typeof changes)[number];
    const columns: UnnestColumn<Given>[] = [
      ['id', 'uuid', ({ id }) => id],
      ['sex', 'text', ({ change }) => change.sex],
      ...ENCRYPTED.map((column): UnnestColumn<Given> => [column, 'text', ({ change }) => change.encrypted[column]]),
      ['pii_key_id', 'text', ({ change }) => change.piiKeyId],
      ...INDEXED.map((column): UnnestColumn<Given> => [column, 'text', ({ change }) => change.indexes[column]]),
      ['blind_index_key_id', 'text', ({ change }) => change.blindIndexKeyId],
    ];
    const given = unnestRows('v', columns, changes);
    const sets = columns.slice(1).map(([column]) => `${column} = v.${column}`);
    const [rows] = await db.query<UpdateResult<PatientRow>>(
      `UPDATE patients p SET ${sets.join(', ')}, version = p.version + 1, updated_at = now()
         FROM ${given.sql}
        WHERE p.id = v.id ${RETURNING_ROW}`,
      given.params,
    );
    return rows;
  }

  async setStatus(db: EntityManager, id: string, status: PatientStatus, mergedIntoId: string | null): Promise<PatientRow> {
    const [[row]] = await db.query<UpdateResult<PatientRow>>(
      `UPDATE patients p SET status = $2, merged_into_id = $3, version = version + 1, updated_at = now()
        WHERE p.id = $1 ${RETURNING_ROW}`,
      [id, status, mergedIntoId],
    );
    return row;
  }

  /**
   * One page of patients matching the filters and the caller's scope
   * (`scope`, from abilityToSql, binds its parameters from $1), oldest
   * first, with their care links. Reads pageSize + 1 rows to tell whether
   * another page follows, instead of counting every match.
   */
  async search(
    db: EntityManager,
    query: PatientQuery,
    scope: SqlFilter,
  ): Promise<{ rows: PatientRowWithLinks[]; hasMore: boolean }> {
    const params = [...scope.params];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where = [scope.sql];
    for (const condition of query.indexConditions) where.push(`p.${condition.column} = ANY(${bind(condition.hashes)}::text[])`);
    if (query.mrn !== undefined) {
      // HMS's MRN or any external identifier's value, exactly: both looked up by index once, then matched by id.
      const mrn = bind(query.mrn);
      where.push(`p.id = ANY(ARRAY(SELECT m.id FROM patients m WHERE m.mrn = ${mrn}
                                   UNION ALL
                                   SELECT i.patient_id FROM patient_identifiers i WHERE i.value = ${mrn}))`);
    }
    if (query.status !== undefined) where.push(`p.status = ${bind(query.status)}`);
    if (query.registeringHospitalId !== undefined)
      where.push(`p.registering_hospital_id = ${bind(query.registeringHospitalId)}::uuid`);
    const rows = await db.query<PatientRowWithLinks[]>(
      `WITH page AS (
         SELECT p.* FROM patients p
          WHERE ${where.join(' AND ')}
          ORDER BY p.created_at, p.id
          LIMIT ${bind(query.pageSize + 1)} OFFSET ${bind((query.page - 1) * query.pageSize)})
       SELECT p.*, ${EXTERNAL_IDENTIFIERS_OF('p')}, links.user_ids, links.department_ids, links.hospital_ids
         FROM page p ${CARE_LINKS_LATERAL}
        ORDER BY p.created_at, p.id`,
      params,
    );
    return { rows: rows.slice(0, query.pageSize), hasMore: rows.length > query.pageSize };
  }

  /** Patients registered at, linked to, or identified by (ADR 38) any of these hospitals. */
  async countInHospitals(db: EntityManager, hospitalIds: readonly string[]): Promise<number> {
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (
         SELECT id FROM patients WHERE registering_hospital_id = ANY($1::uuid[])
         UNION
         SELECT patient_id FROM patient_care_links WHERE kind = 'hospital' AND ref_id = ANY($1::uuid[])
         UNION
         SELECT patient_id FROM patient_identifiers WHERE assigner_hospital_id = ANY($1::uuid[])) referring`,
      [hospitalIds],
    );
    return n;
  }
}
