import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';
import type { PiiRotationKind } from '../domain/pii-rotation-kind.js';
import type { PiiRotationRow } from './pii-rotation-row.js';

const COLUMNS = `id, kind, target_key_id, status, rows_rewritten::float8 AS rows_rewritten, last_patient_id, error, requested_by,
  created_at, updated_at, finished_at`;

/** The unique index that allows one RUNNING rotation per kind. */
export const RUNNING_ROTATION_INDEX = 'pii_rotations_running_key';

/** Key rotations: what was asked, how far the worker got, how it ended. */
@Injectable()
export class PiiRotationRepository {
  async insert(db: EntityManager, rotation: { id: string; kind: PiiRotationKind; targetKeyId: string; requestedBy: string }) {
    await db.query(`INSERT INTO pii_rotations (id, kind, target_key_id, requested_by) VALUES ($1, $2, $3, $4)`, [
      rotation.id,
      rotation.kind,
      rotation.targetKeyId,
      rotation.requestedBy,
    ]);
  }

  async findById(db: EntityManager, id: string, lock = false): Promise<PiiRotationRow | undefined> {
    const [row] = await db.query<PiiRotationRow[]>(
      `SELECT ${COLUMNS} FROM pii_rotations WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async findRunning(db: EntityManager, kind: PiiRotationKind): Promise<PiiRotationRow | undefined> {
    const [row] = await db.query<PiiRotationRow[]>(
      `SELECT ${COLUMNS} FROM pii_rotations WHERE kind = $1 AND status = 'RUNNING'`,
      [kind],
    );
    return row;
  }

  /** The most recent rotations first. */
  async list(db: EntityManager, limit: number): Promise<PiiRotationRow[]> {
    return db.query<PiiRotationRow[]>(`SELECT ${COLUMNS} FROM pii_rotations ORDER BY created_at DESC, id DESC LIMIT $1`, [limit]);
  }

  /** One batch's progress, in the batch's transaction; `lastPatientId` null starts the next pass from the first row. */
  async recordProgress(db: EntityManager, id: string, rows: number, lastPatientId: string | null): Promise<number> {
    const [[row]] = await db.query<UpdateResult<{ rows_rewritten: number }>>(
      `UPDATE pii_rotations SET rows_rewritten = rows_rewritten + $2, last_patient_id = $3, updated_at = now()
        WHERE id = $1 RETURNING rows_rewritten::float8 AS rows_rewritten`,
      [id, rows, lastPatientId],
    );
    return row.rows_rewritten;
  }

  async finish(db: EntityManager, id: string, status: 'COMPLETED' | 'FAILED', error: string | null = null): Promise<void> {
    await db.query(
      `UPDATE pii_rotations SET status = $2, error = $3, finished_at = now(), updated_at = now() WHERE id = $1 AND status = 'RUNNING'`,
      [id, status, error],
    );
  }
}
