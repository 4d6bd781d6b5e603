import { Injectable } from '@nestjs/common';
import type { SqlFilter } from '@hms/authz';
import type { EntityManager } from 'typeorm';
import { type UnnestColumn, unnestRows } from '../../../infrastructure/database/unnest-rows.js';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';
import type { SqlStatement } from '../../../infrastructure/events/outbox-writer.js';
import type { EncounterClass } from '../domain/encounter-class.js';
import type { EncounterState } from '../domain/encounter-state.js';
import type { EncounterStatus } from '../domain/encounter-status.js';
import type { EncounterRow } from './encounter-row.js';

/** The unique index on (hospital_id, account_number): its violation means a supplied number is taken. */
export const ACCOUNT_NUMBER_UNIQUE = 'encounters_account_number_key';

/**
 * The columns every read answers (the generated ones included), and the
 * list's sort key to the microsecond, as text: a JavaScript Date keeps
 * milliseconds, and a cursor rounded so would skip or repeat rows.
 */
const COLUMNS = `e.*, to_char(e.listed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS listed_key`;

/**
 * A new row: the encounter's state and its encrypted reason. Ended and
 * past version 1 only when it is recorded finished at once (a visit from
 * another system, whose events make versions 1 and 2).
 */
export type NewEncounterRow = Omit<EncounterState, 'periodEnd' | 'version'> & {
  readonly periodEnd?: Date | null;
  readonly version?: number;
  readonly reasonText: string | null;
  readonly piiKeyId: string | null;
};

/** What a PATCH or a transition writes; columns left undefined keep their value. */
export interface EncounterChange {
  readonly class?: EncounterClass;
  readonly status?: EncounterStatus;
  readonly attendingPractitionerId?: string | null;
  readonly careTeamIds?: readonly string[];
  readonly reasonText?: string | null;
  readonly statusReason?: string | null;
  readonly piiKeyId?: string | null;
  readonly periodStart?: Date | null;
  readonly periodEnd?: Date | null;
}

const CHANGE_COLUMNS: Record<keyof EncounterChange, string> = {
  class: 'class',
  status: 'status',
  attendingPractitionerId: 'attending_practitioner_id',
  careTeamIds: 'care_team_ids',
  reasonText: 'reason_text',
  statusReason: 'status_reason',
  piiKeyId: 'pii_key_id',
  periodStart: 'period_start',
  periodEnd: 'period_end',
};

/** A position in a patient's list: the last (listed_at, id) shown. */
export interface EncounterKeyset {
  /** listed_key of that row. */
  readonly listedAt: string;
  readonly id: string;
}

export interface EncounterListQuery {
  readonly patientIds: readonly string[];
  readonly status?: EncounterStatus;
  readonly after?: EncounterKeyset;
  readonly limit: number;
}

/** The encounters table: reviewed SQL on the unit of work's manager. */
@Injectable()
export class EncounterRepository {
  /** The row to change, locked until the unit of work commits (transitions serialise on it). */
  async lock(db: EntityManager, id: string): Promise<EncounterRow | undefined> {
    const [row] = await db.query<EncounterRow[]>(`SELECT ${COLUMNS} FROM encounters e WHERE e.id = $1 FOR UPDATE`, [id]);
    return row;
  }

  /**
   * The encounter a clinical entry is written on, share-locked until the
   * unit of work commits: entries do not wait for each other, and a finish
   * (FOR UPDATE) waits for them, so no entry lands on an encounter that
   * finished after it looked.
   */
  async lockForEntry(db: EntityManager, id: string): Promise<EncounterRow | undefined> {
    const [row] = await db.query<EncounterRow[]>(`SELECT ${COLUMNS} FROM encounters e WHERE e.id = $1 FOR SHARE`, [id]);
    return row;
  }

  /** The patient an encounter belongs to (an id, nothing clinical): what its read asks the patients context about. */
  async patientOf(db: EntityManager, id: string): Promise<string | undefined> {
    const [row] = await db.query<{ patient_id: string }[]>(`SELECT patient_id FROM encounters WHERE id = $1`, [id]);
    return row?.patient_id;
  }

  /**
   * The statement that loads one encounter for a recorded read (ADR 29): by
   * id, under the patient's current record or the id it was filed under; the
   * patient's current id stands as the record's patient, since a merge moves
   * the encounter there.
   */
  byIdFor(id: string, currentPatientId: string, filedUnder: string): SqlStatement {
    return {
      sql: `SELECT ${COLUMNS}, $2::uuid AS current_patient_id FROM encounters e
             WHERE e.id = $1 AND e.patient_id = ANY($3::uuid[])`,
      params: [id, currentPatientId, [currentPatientId, filedUnder]],
    };
  }

  async nextAccountNumber(db: EntityManager): Promise<string> {
    const [{ n }] = await db.query<{ n: string }[]>(`SELECT nextval('encounter_account_seq')::text AS n`);
    return n;
  }

  /**
   * Inserts a new encounter. With `skipTakenNumber` a taken account number
   * inserts nothing and answers undefined (a generated number met an
   * external one); without it, the unique violation is thrown.
   */
  async insert(db: EntityManager, row: NewEncounterRow, skipTakenNumber: boolean): Promise<EncounterRow | undefined> {
    const [inserted] = await db.query<EncounterRow[]>(
      `INSERT INTO encounters AS e (id, patient_id, hospital_id, department_id, class, status, attending_practitioner_id,
                                    care_team_ids, account_number, reason_text, pii_key_id, period_start, period_end, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9, $10, $11, $12, $13, $14)
       ${skipTakenNumber ? `ON CONFLICT ON CONSTRAINT ${ACCOUNT_NUMBER_UNIQUE} DO NOTHING` : ''}
       RETURNING ${COLUMNS}`,
      [
        row.id,
        row.patientId,
        row.hospitalId,
        row.departmentId,
        row.class,
        row.status,
        row.attendingPractitionerId,
        row.careTeamIds,
        row.accountNumber,
        row.reasonText,
        row.piiKeyId,
        row.periodStart,
        row.periodEnd ?? null,
        row.version ?? 1,
      ],
    );
    return inserted;
  }

  /**
   * insert for several encounters that name no practitioner (a batch's
   * visits), each taken account number skipped: answers the rows inserted,
   * in no particular order.
   */
  async insertMany(db: EntityManager, rows: readonly NewEncounterRow[]): Promise<EncounterRow[]> {
    if (rows.some((row) => row.attendingPractitionerId !== null || row.careTeamIds.length > 0)) {
      throw new Error('insertMany writes encounters without practitioners only');
    }
    const columns: UnnestColumn<NewEncounterRow>[] = [
      ['id', 'uuid', (row) => row.id],
      ['patient_id', 'uuid', (row) => row.patientId],
      ['hospital_id', 'uuid', (row) => row.hospitalId],
      ['department_id', 'uuid', (row) => row.departmentId],
      ['class', 'text', (row) => row.class],
      ['status', 'text', (row) => row.status],
      ['account_number', 'text', (row) => row.accountNumber],
      ['reason_text', 'text', (row) => row.reasonText],
      ['pii_key_id', 'text', (row) => row.piiKeyId],
      ['period_start', 'timestamptz', (row) => row.periodStart],
      ['period_end', 'timestamptz', (row) => row.periodEnd ?? null],
      ['version', 'int', (row) => row.version ?? 1],
    ];
    const given = unnestRows('n', columns, rows);
    return db.query<EncounterRow[]>(
      `INSERT INTO encounters AS e (${columns.map(([name]) => name).join(', ')}, attending_practitioner_id, care_team_ids)
       SELECT n.*, NULL::uuid, '{}'::uuid[] FROM ${given.sql}
       ON CONFLICT ON CONSTRAINT ${ACCOUNT_NUMBER_UNIQUE} DO NOTHING
       RETURNING ${COLUMNS}`,
      given.params,
    );
  }

  /** The encounters holding any of these account numbers of a hospital, by number. */
  async byAccountNumbers(
    db: EntityManager,
    hospitalId: string,
    accountNumbers: readonly string[],
  ): Promise<Map<string, EncounterRow>> {
    const rows = await db.query<EncounterRow[]>(
      `SELECT ${COLUMNS} FROM encounters e WHERE e.hospital_id = $1 AND e.account_number = ANY($2::text[])`,
      [hospitalId, accountNumbers],
    );
    return new Map(rows.map((row) => [row.account_number, row]));
  }

  /** The encounter holding a hospital's visit account number, if any (a fresh snapshot: one committed meanwhile shows). */
  async byAccountNumber(db: EntityManager, hospitalId: string, accountNumber: string): Promise<EncounterRow | undefined> {
    const [row] = await db.query<EncounterRow[]>(
      `SELECT ${COLUMNS} FROM encounters e WHERE e.hospital_id = $1 AND e.account_number = $2`,
      [hospitalId, accountNumber],
    );
    return row;
  }

  /** Writes the change and bumps the version; answers the new row. */
  async update(db: EntityManager, id: string, change: EncounterChange): Promise<EncounterRow> {
    const entries = (Object.keys(CHANGE_COLUMNS) as (keyof EncounterChange)[]).filter((key) => change[key] !== undefined);
    const sets = entries.map((key, i) => `${CHANGE_COLUMNS[key]} = $${i + 2}${key === 'careTeamIds' ? '::uuid[]' : ''}`);
    const [[row]] = await db.query<UpdateResult<EncounterRow>>(
      `UPDATE encounters e SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE e.id = $1 RETURNING ${COLUMNS}`,
      [id, ...entries.map((key) => change[key])],
    );
    return row;
  }

  /**
   * Moves every encounter of a merged patient to the surviving record, new
   * version each; answers the rows moved (none the second time).
   */
  async moveToPatient(db: EntityManager, fromPatientId: string, toPatientId: string): Promise<EncounterRow[]> {
    const [rows] = await db.query<UpdateResult<EncounterRow>>(
      `UPDATE encounters e SET patient_id = $2, version = version + 1, updated_at = now()
        WHERE e.patient_id = $1 RETURNING ${COLUMNS}`,
      [fromPatientId, toPatientId],
    );
    return rows;
  }

  /**
   * One page of a patient's encounters within the reader's scope (`scope`
   * binds its parameters from $1, over the table's own columns), newest
   * first by (listed_at, id); `limit + 1` rows tell whether another follows.
   */
  async list(db: EntityManager, query: EncounterListQuery, scope: SqlFilter): Promise<EncounterRow[]> {
    const params = [...scope.params];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where = [scope.sql, `e.patient_id = ANY(${bind(query.patientIds)}::uuid[])`];
    if (query.status !== undefined) where.push(`e.status = ${bind(query.status)}`);
    if (query.after) {
      where.push(`(e.listed_at, e.id) < (${bind(query.after.listedAt)}::timestamptz, ${bind(query.after.id)}::uuid)`);
    }
    return db.query<EncounterRow[]>(
      `SELECT ${COLUMNS} FROM encounters e WHERE ${where.join(' AND ')}
        ORDER BY e.listed_at DESC, e.id DESC LIMIT ${bind(query.limit + 1)}`,
      params,
    );
  }

  /**
   * The newest `perPatient` encounters of each patient within the reader's
   * scope (`scope` binds its parameters from $1, over the table's own
   * columns), in one statement: a top-N per patient on the
   * (patient_id, listed_at DESC, id DESC) index, patients in the order
   * given, each one's newest first.
   */
  async latestOfPatients(
    db: EntityManager,
    patientIds: readonly string[],
    perPatient: number,
    scope: SqlFilter,
  ): Promise<EncounterRow[]> {
    const params = [...scope.params];
    const bind = (value: unknown) => `$${params.push(value)}`;
    return db.query<EncounterRow[]>(
      `SELECT l.* FROM unnest(${bind(patientIds)}::uuid[]) WITH ORDINALITY AS asked(patient_id, n)
        CROSS JOIN LATERAL (
          SELECT ${COLUMNS} FROM encounters e
           WHERE e.patient_id = asked.patient_id AND ${scope.sql}
           ORDER BY e.listed_at DESC, e.id DESC LIMIT ${bind(perPatient)}) l
        ORDER BY asked.n, l.listed_at DESC, l.id DESC`,
      params,
    );
  }

  async countInHospitals(db: EntityManager, hospitalIds: readonly string[]): Promise<number> {
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM encounters WHERE hospital_id = ANY($1::uuid[])`,
      [hospitalIds],
    );
    return n;
  }
}
