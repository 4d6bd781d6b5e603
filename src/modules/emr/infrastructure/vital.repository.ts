import { Injectable } from '@nestjs/common';
import type { PatientScopedRecord, SqlFilter } from '@hms/authz';
import type { EntityManager } from 'typeorm';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';
import type { ObservationStatus, VitalCode, VitalObservationDraft } from '../domain/vital-signs.js';
import type { VitalObservationRow, VitalSetRow } from './vital-rows.js';

/** The value as a JavaScript number (numeric travels as text), and the keyset instant to the microsecond. */
const OBSERVATION_COLUMNS = `o.id, o.set_id, o.encounter_id, o.patient_id, o.hospital_id, o.department_id, o.responsible_user_ids,
  o.recorded_by, o.code, o.value::float8 AS value, o.unit, o.interpretation, o.derived, o.status, o.status_reason, o.pii_key_id,
  o.effective_at, o.late_entry, o.version, o.created_at, o.updated_at,
  to_char(o.effective_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS listed_key`;

export interface NewVitalSet {
  readonly id: string;
  readonly encounterId: string;
  readonly scope: PatientScopedRecord;
  readonly recordedBy: string;
  readonly effectiveAt: Date;
  readonly lateEntry: boolean;
  readonly lateEntryReason: string | null;
  readonly piiKeyId: string | null;
}

export interface TrendQuery {
  readonly patientIds: readonly string[];
  readonly code?: VitalCode;
  readonly status: ObservationStatus;
  readonly from?: Date;
  readonly to?: Date;
  readonly after?: { readonly listedAt: string; readonly id: string };
  readonly limit: number;
}

/** vital_sets and vital_observations: reviewed SQL on the unit of work's manager. */
@Injectable()
export class VitalRepository {
  /** Inserts the set and all its observations in two statements; answers the rows. */
  async insertSet(
    db: EntityManager,
    set: NewVitalSet,
    observations: readonly (VitalObservationDraft & { readonly id: string })[],
  ): Promise<{ set: VitalSetRow; observations: VitalObservationRow[] }> {
    const [stored] = await db.query<VitalSetRow[]>(
      `INSERT INTO vital_sets (id, encounter_id, patient_id, hospital_id, department_id, responsible_user_ids, recorded_by,
                               effective_at, late_entry, late_entry_reason, pii_key_id)
       VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, $9, $10, $11) RETURNING *`,
      [
        set.id,
        set.encounterId,
        set.scope.patientId,
        set.scope.hospitalId,
        set.scope.departmentId,
        set.scope.responsibleUserIds,
        set.recordedBy,
        set.effectiveAt,
        set.lateEntry,
        set.lateEntryReason,
        set.piiKeyId,
      ],
    );
    const rows = await db.query<VitalObservationRow[]>(
      `INSERT INTO vital_observations AS o (id, set_id, encounter_id, patient_id, hospital_id, department_id, responsible_user_ids,
                                            recorded_by, code, value, unit, interpretation, derived, effective_at, late_entry)
       SELECT x.id, s.id, s.encounter_id, s.patient_id, s.hospital_id, s.department_id, s.responsible_user_ids, s.recorded_by,
              x.code, x.value, x.unit, x.interpretation, x.derived, s.effective_at, s.late_entry
         FROM vital_sets s,
              unnest($2::uuid[], $3::text[], $4::numeric[], $5::text[], $6::text[], $7::boolean[])
                AS x (id, code, value, unit, interpretation, derived)
        WHERE s.id = $1
       RETURNING ${OBSERVATION_COLUMNS}`,
      [
        set.id,
        observations.map((o) => o.id),
        observations.map((o) => o.code),
        observations.map((o) => o.value),
        observations.map((o) => o.unit),
        observations.map((o) => o.interpretation),
        observations.map((o) => o.derived),
      ],
    );
    return { set: stored, observations: rows };
  }

  /** The set an observation belongs to (an id, nothing clinical). */
  async setOf(db: EntityManager, observationId: string): Promise<string | undefined> {
    const [row] = await db.query<{ set_id: string }[]>(`SELECT set_id FROM vital_observations WHERE id = $1`, [observationId]);
    return row?.set_id;
  }

  /** The set and its observations, locked until the unit of work commits (marks serialise on the set). */
  async lockSet(
    db: EntityManager,
    setId: string,
  ): Promise<{ set: VitalSetRow; observations: VitalObservationRow[] } | undefined> {
    const [set] = await db.query<VitalSetRow[]>(`SELECT * FROM vital_sets WHERE id = $1 FOR UPDATE`, [setId]);
    if (!set) return undefined;
    const observations = await db.query<VitalObservationRow[]>(
      `SELECT ${OBSERVATION_COLUMNS} FROM vital_observations o WHERE o.set_id = $1 ORDER BY o.created_at, o.id FOR UPDATE`,
      [setId],
    );
    return { set, observations };
  }

  /** Marks observations entered-in-error with the (encrypted) reason, a new version each, and the set's new version. */
  async markEnteredInError(
    db: EntityManager,
    setId: string,
    marks: readonly { readonly id: string; readonly statusReason: string; readonly piiKeyId: string }[],
  ): Promise<VitalSetRow> {
    await db.query(
      `UPDATE vital_observations o SET status = 'entered-in-error', status_reason = x.reason, pii_key_id = x.key,
              version = o.version + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x (id, reason, key)
        WHERE o.id = x.id AND o.set_id = $4`,
      [marks.map((m) => m.id), marks.map((m) => m.statusReason), marks.map((m) => m.piiKeyId), setId],
    );
    const [[set]] = await db.query<UpdateResult<VitalSetRow>>(
      `UPDATE vital_sets SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING *`,
      [setId],
    );
    return set;
  }

  async observationsOf(db: EntityManager, setId: string): Promise<VitalObservationRow[]> {
    return db.query<VitalObservationRow[]>(
      `SELECT ${OBSERVATION_COLUMNS} FROM vital_observations o WHERE o.set_id = $1 ORDER BY o.created_at, o.id`,
      [setId],
    );
  }

  /**
   * A page of a patient's observations within the reader's scope (`scope`
   * binds from $1 over `o`'s columns), newest measured first by
   * (effective_at, id); `limit + 1` rows tell whether another follows.
   */
  async trend(db: EntityManager, query: TrendQuery, scope: SqlFilter): Promise<VitalObservationRow[]> {
    const params = [...scope.params];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where = [scope.sql, `o.patient_id = ANY(${bind(query.patientIds)}::uuid[])`, `o.status = ${bind(query.status)}`];
    if (query.code !== undefined) where.push(`o.code = ${bind(query.code)}`);
    if (query.from !== undefined) where.push(`o.effective_at >= ${bind(query.from)}`);
    if (query.to !== undefined) where.push(`o.effective_at <= ${bind(query.to)}`);
    if (query.after) {
      where.push(`(o.effective_at, o.id) < (${bind(query.after.listedAt)}::timestamptz, ${bind(query.after.id)}::uuid)`);
    }
    return db.query<VitalObservationRow[]>(
      `SELECT ${OBSERVATION_COLUMNS} FROM vital_observations o WHERE ${where.join(' AND ')}
        ORDER BY o.effective_at DESC, o.id DESC LIMIT ${bind(query.limit + 1)}`,
      params,
    );
  }

  /** Moves a merged patient's sets and observations to the surviving record, a new version each; answers the sets moved. */
  async moveToPatient(db: EntityManager, fromPatientId: string, toPatientId: string): Promise<VitalSetRow[]> {
    await db.query(
      `UPDATE vital_observations SET patient_id = $2, version = version + 1, updated_at = now() WHERE patient_id = $1`,
      [fromPatientId, toPatientId],
    );
    const [sets] = await db.query<UpdateResult<VitalSetRow>>(
      `UPDATE vital_sets SET patient_id = $2, version = version + 1, updated_at = now() WHERE patient_id = $1 RETURNING *`,
      [fromPatientId, toPatientId],
    );
    return sets;
  }
}
