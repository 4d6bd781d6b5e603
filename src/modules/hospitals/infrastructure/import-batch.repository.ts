import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CsvProblem } from '../domain/csv-problem.js';
import { type ImportBatchStatus, MAX_STORED_ROW_ERRORS } from '../domain/import-batch-status.js';
import type { ImportBatchRow } from './import-batch-row.js';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';

/** Every column; the file is in object storage (file_key) or, uploaded before, in hospital_import_file_parts. */
const COLUMNS = `id, status, total_rows, processed_rows, failed_rows, last_row_done, errors, encode(file_sha256, 'hex') AS file_sha256,
  file_key, idempotency_key, created_by, created_at, started_at, finished_at, activated_at, updated_at, version`;

export interface NewImportBatch {
  readonly id: string;
  readonly totalRows: number;
  /** Hex. */
  readonly fileSha256: string;
  /** Where the file is in object storage. */
  readonly fileKey: string;
  readonly idempotencyKey: string | null;
  readonly createdBy: string;
}

export interface ChunkProgress {
  readonly processedRows: number;
  readonly failedRows: number;
  readonly errors: readonly CsvProblem[];
  readonly lastRowDone: number;
}

/** Import batches: the stored upload, its progress and its outcome. */
@Injectable()
export class ImportBatchRepository {
  async insert(db: EntityManager, batch: NewImportBatch): Promise<void> {
    await db.query(
      `INSERT INTO hospital_import_batches (id, total_rows, file_sha256, file_key, idempotency_key, created_by)
       VALUES ($1, $2, decode($3, 'hex'), $4, $5, $6)`,
      [batch.id, batch.totalRows, batch.fileSha256, batch.fileKey, batch.idempotencyKey, batch.createdBy],
    );
  }

  async findById(db: EntityManager, id: string, lock = false): Promise<ImportBatchRow | undefined> {
    const [row] = await db.query<ImportBatchRow[]>(
      `SELECT ${COLUMNS} FROM hospital_import_batches WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async findByIdempotencyKey(db: EntityManager, createdBy: string, key: string): Promise<ImportBatchRow | undefined> {
    const [row] = await db.query<ImportBatchRow[]>(
      `SELECT ${COLUMNS} FROM hospital_import_batches WHERE created_by = $1 AND idempotency_key = $2`,
      [createdBy, key],
    );
    return row;
  }

  /** Ids of the batches still to be processed, oldest first. */
  async inProgressIds(db: EntityManager): Promise<string[]> {
    const rows = await db.query<{ id: string }[]>(
      `SELECT id FROM hospital_import_batches WHERE status = 'IN_PROGRESS' ORDER BY created_at, id`,
    );
    return rows.map((r) => r.id);
  }

  /** Notes when the worker first started on the batch (a retry keeps the first time); answers the batch. */
  async markStarted(db: EntityManager, id: string): Promise<ImportBatchRow | undefined> {
    const [[row]] = await db.query<UpdateResult<ImportBatchRow>>(
      `UPDATE hospital_import_batches SET started_at = COALESCE(started_at, now())
        WHERE id = $1 AND status = 'IN_PROGRESS' RETURNING ${COLUMNS}`,
      [id],
    );
    return row ?? this.findById(db, id);
  }

  /** Part `index` (from 0) of a file stored in parts (a batch uploaded before file_key); undefined past the end. */
  async readFilePart(db: EntityManager, id: string, index: number): Promise<Buffer | undefined> {
    const [row] = await db.query<{ bytes: Buffer }[]>(
      `SELECT bytes FROM hospital_import_file_parts WHERE batch_id = $1 AND part = $2`,
      [id, index],
    );
    return row?.bytes;
  }

  /**
   * Adds one chunk's counts and row errors and moves last_row_done forward,
   * in the transaction that stored the chunk's rows. Errors beyond the
   * stored maximum are counted but not kept.
   */
  async recordProgress(db: EntityManager, id: string, progress: ChunkProgress): Promise<void> {
    await db.query(
      `UPDATE hospital_import_batches
          SET processed_rows = processed_rows + $2,
              failed_rows = failed_rows + $3,
              errors = errors || COALESCE(
                (SELECT jsonb_agg(e.value ORDER BY e.ordinality) FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS e
                  WHERE e.ordinality <= $6 - jsonb_array_length(errors)),
                '[]'::jsonb),
              last_row_done = GREATEST(last_row_done, $5),
              updated_at = now()
        WHERE id = $1`,
      [
        id,
        progress.processedRows,
        progress.failedRows,
        JSON.stringify(progress.errors),
        progress.lastRowDone,
        MAX_STORED_ROW_ERRORS,
      ],
    );
  }

  /** Ends the batch with a final status; returns the new version. */
  async finish(db: EntityManager, id: string, status: ImportBatchStatus, error?: CsvProblem): Promise<number> {
    const [[row]] = await db.query<UpdateResult<{ version: number }>>(
      `UPDATE hospital_import_batches
          SET status = $2, finished_at = now(), version = version + 1, updated_at = now(),
              errors = CASE WHEN $3::jsonb IS NULL THEN errors ELSE errors || jsonb_build_array($3::jsonb) END
        WHERE id = $1 RETURNING version`,
      [id, status, error ? JSON.stringify(error) : null],
    );
    return row.version;
  }

  async markActivated(db: EntityManager, id: string): Promise<number> {
    const [[row]] = await db.query<UpdateResult<{ version: number }>>(
      `UPDATE hospital_import_batches SET activated_at = now(), version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`,
      [id],
    );
    return row.version;
  }

  async delete(db: EntityManager, id: string): Promise<void> {
    await db.query(`DELETE FROM hospital_import_batches WHERE id = $1`, [id]);
  }
}
