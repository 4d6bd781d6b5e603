import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DepartmentRow } from './department-row.js';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';

export const DEPARTMENT_CODE_KEY = 'departments_hospital_code_key';

/** Departments, each within one hospital; codes unique per hospital whatever their case. */
@Injectable()
export class DepartmentRepository {
  async insert(db: EntityManager, department: { id: string; hospitalId: string; name: string; code: string }): Promise<void> {
    await db.query(`INSERT INTO departments (id, hospital_id, name, code) VALUES ($1, $2, $3, $4)`, [
      department.id,
      department.hospitalId,
      department.name,
      department.code,
    ]);
  }

  async findById(db: EntityManager, hospitalId: string, id: string, lock = false): Promise<DepartmentRow | undefined> {
    const [row] = await db.query<DepartmentRow[]>(
      `SELECT * FROM departments WHERE id = $1 AND hospital_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [id, hospitalId],
    );
    return row;
  }

  /** A department by its id alone, whichever hospital it is of. */
  async locate(db: EntityManager, id: string): Promise<DepartmentRow | undefined> {
    const [row] = await db.query<DepartmentRow[]>(`SELECT * FROM departments WHERE id = $1`, [id]);
    return row;
  }

  /** Whether another department of the hospital holds the code (any case). */
  async codeTaken(db: EntityManager, hospitalId: string, code: string, exceptId: string | null = null): Promise<boolean> {
    const rows = await db.query<unknown[]>(
      `SELECT 1 FROM departments WHERE hospital_id = $1 AND lower(code) = lower($2) AND ($3::uuid IS NULL OR id <> $3)`,
      [hospitalId, code, exceptId],
    );
    return rows.length > 0;
  }

  async list(
    db: EntityManager,
    hospitalId: string,
    page: number,
    pageSize: number,
  ): Promise<{ rows: DepartmentRow[]; total: number }> {
    const [{ total }] = await db.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM departments WHERE hospital_id = $1`,
      [hospitalId],
    );
    const rows = await db.query<DepartmentRow[]>(
      `SELECT * FROM departments WHERE hospital_id = $1 ORDER BY lower(code), id LIMIT $2 OFFSET $3`,
      [hospitalId, pageSize, (page - 1) * pageSize],
    );
    return { rows, total };
  }

  async update(db: EntityManager, id: string, changes: Record<string, unknown>): Promise<number> {
    const columns = Object.keys(changes);
    const sets = columns.map((column, i) => `${column} = $${i + 2}`);
    const [[row]] = await db.query<UpdateResult<{ version: number }>>(
      `UPDATE departments SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING version`,
      [id, ...columns.map((c) => changes[c])],
    );
    return row.version;
  }

  /** Departments of any hospital of an import batch. */
  async countInBatch(db: EntityManager, batchId: string): Promise<number> {
    const [row] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM departments d JOIN hospitals h ON h.id = d.hospital_id WHERE h.batch_id = $1`,
      [batchId],
    );
    return row.n;
  }
}
