import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';
import type { IntakeBatchStatus, IntakeSource, RecordOutcomeFilter } from '../domain/intake-batch-status.js';
import type { IntakeBatchRow, IntakeRecordRow } from './intake-batch-row.js';

export interface NewIntakeBatch {
  readonly id: string;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly source: IntakeSource;
  readonly fileKey: string;
  readonly fileName: string;
  readonly fileSha256: string;
  readonly fileBytes: number;
  readonly recordsReceived: number;
  readonly idempotencyKey: string | null;
  readonly submittedBy: string;
  readonly receivedAt: Date;
}

/** One record's outcome as the worker stores it: applied (both outcomes and ids) or refused (errors). */
export interface RecordOutcome {
  readonly position: number;
  /** The sender's keys as sent (trimmed, cut to 64 characters), null when the cell is missing. */
  readonly mrn: string | null;
  readonly visitAccountNumber: string | null;
  readonly patientOutcome: 'created' | 'updated' | 'unchanged' | null;
  readonly visitOutcome: 'added' | 'duplicate' | null;
  readonly patientId: string | null;
  readonly encounterId: string | null;
  readonly errors: readonly { field: string; message: string }[] | null;
}

const OUTCOME_CONDITION: Record<RecordOutcomeFilter, string> = {
  created: `patient_outcome = 'created'`,
  updated: `patient_outcome = 'updated'`,
  unchanged: `patient_outcome = 'unchanged'`,
  added: `visit_outcome = 'added'`,
  duplicate: `visit_outcome = 'duplicate'`,
  error: `errors IS NOT NULL`,
};

const RECORD_COLUMNS = 'position, mrn, visit_account_number, patient_outcome, visit_outcome, patient_id, encounter_id, errors';

/** intake_batches and intake_records: reviewed SQL, on the caller's connection. */
@Injectable()
export class IntakeBatchRepository {
  async insert(db: EntityManager, batch: NewIntakeBatch): Promise<void> {
    await db.query(
      `INSERT INTO intake_batches (id, hospital_id, department_id, source, file_key, file_name, file_sha256, file_bytes,
                                   records_received, idempotency_key, submitted_by, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        batch.id,
        batch.hospitalId,
        batch.departmentId,
        batch.source,
        batch.fileKey,
        batch.fileName,
        batch.fileSha256,
        batch.fileBytes,
        batch.recordsReceived,
        batch.idempotencyKey,
        batch.submittedBy,
        batch.receivedAt,
      ],
    );
  }

  /** The batch; with `lock`, held FOR UPDATE until the transaction ends (one chunk at a time per batch). */
  async findById(db: EntityManager, id: string, lock = false): Promise<IntakeBatchRow | undefined> {
    const rows = await db.query<IntakeBatchRow[]>(`SELECT * FROM intake_batches WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0];
  }

  async findByIdempotencyKey(db: EntityManager, submittedBy: string, key: string): Promise<IntakeBatchRow | undefined> {
    const rows = await db.query<IntakeBatchRow[]>(
      `SELECT * FROM intake_batches WHERE submitted_by = $1 AND idempotency_key = $2`,
      [submittedBy, key],
    );
    return rows[0];
  }

  /** Marks a received batch processing (a resumed one keeps its start); answers the batch, settled or not. */
  async markProcessing(db: EntityManager, id: string): Promise<IntakeBatchRow | undefined> {
    const [[row]] = await db.query<UpdateResult<IntakeBatchRow>>(
      `UPDATE intake_batches SET status = 'processing', started_at = coalesce(started_at, now())
        WHERE id = $1 AND status IN ('received', 'processing')
        RETURNING *`,
      [id],
    );
    return row ?? (await this.findById(db, id));
  }

  /**
   * Stores a chunk's outcomes and adds them to the counters, in the caller's
   * transaction (which holds the batch row), so a chunk counts once or not at all.
   */
  async recordChunk(db: EntityManager, id: string, outcomes: readonly RecordOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const count = (test: (o: RecordOutcome) => boolean) => outcomes.filter(test).length;
    await db.query(
      `INSERT INTO intake_records (batch_id, position, mrn, visit_account_number, patient_outcome, visit_outcome,
                                   patient_id, encounter_id, errors)
       SELECT $1, r.position, r.mrn, r.visit_account_number, r.patient_outcome, r.visit_outcome, r.patient_id,
              r.encounter_id, r.errors
         FROM jsonb_to_recordset($2::jsonb) AS r(position int, mrn text, visit_account_number text, patient_outcome text,
                                                  visit_outcome text, patient_id uuid, encounter_id uuid, errors jsonb)`,
      [
        id,
        JSON.stringify(
          outcomes.map((o) => ({
            position: o.position,
            mrn: o.mrn,
            visit_account_number: o.visitAccountNumber,
            patient_outcome: o.patientOutcome,
            visit_outcome: o.visitOutcome,
            patient_id: o.patientId,
            encounter_id: o.encounterId,
            errors: o.errors,
          })),
        ),
      ],
    );
    await db.query(
      `UPDATE intake_batches
          SET records_done = $2,
              patients_created = patients_created + $3, patients_updated = patients_updated + $4,
              patients_unchanged = patients_unchanged + $5, visits_added = visits_added + $6,
              duplicates_skipped = duplicates_skipped + $7, errors = errors + $8
        WHERE id = $1`,
      [
        id,
        Math.max(...outcomes.map((o) => o.position)),
        count((o) => o.patientOutcome === 'created'),
        count((o) => o.patientOutcome === 'updated'),
        count((o) => o.patientOutcome === 'unchanged'),
        count((o) => o.visitOutcome === 'added'),
        count((o) => o.visitOutcome === 'duplicate'),
        count((o) => o.errors !== null),
      ],
    );
  }

  async finish(db: EntityManager, id: string, status: IntakeBatchStatus, failure: string | null = null): Promise<IntakeBatchRow> {
    const [[row]] = await db.query<UpdateResult<IntakeBatchRow>>(
      `UPDATE intake_batches SET status = $2, failure = $3, finished_at = now(), started_at = coalesce(started_at, now())
        WHERE id = $1 RETURNING *`,
      [id, status, failure],
    );
    return row;
  }

  /** Batches not yet settled, oldest first: handed to the queue again whenever it connects. */
  async unfinishedIds(db: EntityManager): Promise<string[]> {
    const rows = await db.query<{ id: string }[]>(`SELECT id FROM intake_batches WHERE finished_at IS NULL ORDER BY received_at`);
    return rows.map((row) => row.id);
  }

  /** Newest first; `hospitalId` narrows to one hospital's batches. */
  async list(
    db: EntityManager,
    hospitalId: string | null,
    page: { offset: number; limit: number },
  ): Promise<{ rows: IntakeBatchRow[]; total: number }> {
    const where = hospitalId ? 'WHERE hospital_id = $3' : '';
    const params: unknown[] = [page.limit, page.offset, ...(hospitalId ? [hospitalId] : [])];
    const [rows, counted] = await Promise.all([
      db.query<IntakeBatchRow[]>(
        `SELECT * FROM intake_batches ${where} ORDER BY received_at DESC, id DESC LIMIT $1 OFFSET $2`,
        params,
      ),
      db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM intake_batches ${where.replace('$3', '$1')}`, params.slice(2)),
    ]);
    return { rows, total: counted[0].n };
  }

  /** A batch's record outcomes in file order, optionally of one kind. */
  async records(
    db: EntityManager,
    batchId: string,
    outcome: RecordOutcomeFilter | undefined,
    page: { offset: number; limit: number },
  ): Promise<{ rows: IntakeRecordRow[]; total: number }> {
    const where = `batch_id = $1${outcome ? ` AND ${OUTCOME_CONDITION[outcome]}` : ''}`;
    const [rows, counted] = await Promise.all([
      db.query<IntakeRecordRow[]>(
        `SELECT ${RECORD_COLUMNS} FROM intake_records WHERE ${where} ORDER BY position LIMIT $2 OFFSET $3`,
        [batchId, page.limit, page.offset],
      ),
      db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM intake_records WHERE ${where}`, [batchId]),
    ]);
    return { rows, total: counted[0].n };
  }

  /** Up to `limit` record outcomes after `afterPosition`, in file order: an export's next slice. */
  async recordsAfter(
    db: EntityManager,
    batchId: string,
    outcome: RecordOutcomeFilter | undefined,
    afterPosition: number,
    limit: number,
  ): Promise<IntakeRecordRow[]> {
    return db.query<IntakeRecordRow[]>(
      `SELECT ${RECORD_COLUMNS} FROM intake_records
        WHERE batch_id = $1 AND position > $2${outcome ? ` AND ${OUTCOME_CONDITION[outcome]}` : ''}
        ORDER BY position LIMIT $3`,
      [batchId, afterPosition, limit],
    );
  }
}
