import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@hms/ddd';
import type { EntityManager } from 'typeorm';
import type { HospitalCsvRow } from '../domain/hospital-csv-row.js';
import type { HospitalRow } from './hospital-row.js';
import { isRowRefusal } from '../../../infrastructure/database/sql-state.js';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';

export interface NewHospital {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly phone: string | null;
  readonly isActive: boolean;
  readonly timeZone: string;
}

export interface HospitalSearch {
  /** Case-insensitive part of the name, taken literally (no wildcards). */
  readonly name?: string;
  readonly isActive?: boolean;
  readonly batchId?: string;
  readonly page: number;
  readonly pageSize: number;
}

/** Imported rows stored in one chunk, and the row numbers the database refused. */
export interface ImportedChunk {
  readonly inserted: number;
  readonly refused: readonly number[];
}

/** The hospitals table. */
@Injectable()
export class HospitalRepository {
  async insert(db: EntityManager, hospital: NewHospital): Promise<void> {
    await db.query(`INSERT INTO hospitals (id, name, address, phone, is_active, time_zone) VALUES ($1, $2, $3, $4, $5, $6)`, [
      hospital.id,
      hospital.name,
      hospital.address,
      hospital.phone,
      hospital.isActive,
      hospital.timeZone,
    ]);
  }

  /**
   * `no key update` to change its details (references being stored meanwhile
   * are not blocked); `key share` to keep it from being deleted while
   * another context stores a reference to it.
   */
  async findById(db: EntityManager, id: string, lock?: 'no key update' | 'key share'): Promise<HospitalRow | undefined> {
    const clause = lock ? `FOR ${lock.toUpperCase()}` : '';
    const [row] = await db.query<HospitalRow[]>(`SELECT * FROM hospitals WHERE id = $1 ${clause}`, [id]);
    return row;
  }

  /** Takes a share lock: the hospital cannot be deleted until the caller's transaction ends. */
  async existsForShare(db: EntityManager, id: string): Promise<boolean> {
    const rows = await db.query<unknown[]>(`SELECT 1 FROM hospitals WHERE id = $1 FOR KEY SHARE`, [id]);
    return rows.length > 0;
  }

  async search(db: EntityManager, filter: HospitalSearch): Promise<{ rows: HospitalRow[]; total: number }> {
    const params: unknown[] = [];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where = ['TRUE'];
    // strpos rather than ILIKE: % and _ in the search text are plain characters.
    if (filter.name) where.push(`strpos(lower(h.name), lower(${bind(filter.name)}::text)) > 0`);
    if (filter.isActive !== undefined) where.push(`h.is_active = ${bind(filter.isActive)}`);
    if (filter.batchId) where.push(`h.batch_id = ${bind(filter.batchId)}`);
    const condition = where.join(' AND ');
    const [{ total }] = await db.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM hospitals h WHERE ${condition}`, [
      ...params,
    ]);
    const rows = await db.query<HospitalRow[]>(
      `SELECT h.* FROM hospitals h WHERE ${condition}
        ORDER BY lower(h.name), h.id LIMIT ${bind(filter.pageSize)} OFFSET ${bind((filter.page - 1) * filter.pageSize)}`,
      params,
    );
    return { rows, total };
  }

  /** Updates the given columns and bumps the version; returns the new version. */
  async update(db: EntityManager, id: string, changes: Record<string, unknown>): Promise<number> {
    const columns = Object.keys(changes);
    const sets = columns.map((column, i) => `${column} = $${i + 2}`);
    const [[row]] = await db.query<UpdateResult<{ version: number }>>(
      `UPDATE hospitals SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING version`,
      [id, ...columns.map((c) => changes[c])],
    );
    return row.version;
  }

  /** The first `limit` hospitals of a batch, in file order. */
  async listOfBatch(db: EntityManager, batchId: string, limit: number): Promise<HospitalRow[]> {
    return db.query<HospitalRow[]>(`SELECT * FROM hospitals WHERE batch_id = $1 ORDER BY batch_row LIMIT $2`, [batchId, limit]);
  }

  /** One page of a batch's hospital ids after `afterId`, so a large batch is never held in memory at once. */
  async idsOfBatch(db: EntityManager, batchId: string, afterId: string | null, limit: number): Promise<string[]> {
    const rows = await db.query<{ id: string }[]>(
      `SELECT id FROM hospitals WHERE batch_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [batchId, afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Every inactive hospital of the batch becomes active, in one statement; returns how many. */
  async activateBatch(db: EntityManager, batchId: string): Promise<number> {
    const [, count] = await db.query<UpdateResult<never>>(
      `UPDATE hospitals SET is_active = true, version = version + 1, updated_at = now() WHERE batch_id = $1 AND NOT is_active`,
      [batchId],
    );
    return count;
  }

  /**
   * Locks every hospital of the batch FOR UPDATE (returns how many): taken
   * before counting what refers to them, so a reference being stored under
   * a FOR KEY SHARE lock commits first and is counted, and one not yet
   * stored waits for this transaction and then finds no hospital.
   */
  async lockBatch(db: EntityManager, batchId: string): Promise<number> {
    const [{ locked }] = await db.query<{ locked: number }[]>(
      `SELECT count(*)::int AS locked FROM (SELECT 1 FROM hospitals WHERE batch_id = $1 FOR UPDATE) rows`,
      [batchId],
    );
    return locked;
  }

  async deleteBatch(db: EntityManager, batchId: string): Promise<number> {
    const [, count] = await db.query<UpdateResult<never>>(`DELETE FROM hospitals WHERE batch_id = $1`, [batchId]);
    return count;
  }

  /**
   * Stores valid rows of an import in one statement. A row already stored
   * (a replayed chunk) is skipped by its (batch_id, batch_row) key. When the
   * database refuses the statement for a row's sake (a constraint the file's
   * validation does not know), the chunk is stored row by row under
   * savepoints, and the refused rows are reported instead of failing the batch.
   * Must run inside a transaction.
   */
  async insertImported(
    db: EntityManager,
    batchId: string,
    rows: readonly HospitalCsvRow[],
    timeZone: string,
  ): Promise<ImportedChunk> {
    if (rows.length === 0) return { inserted: 0, refused: [] };
    await db.query('SAVEPOINT import_chunk');
    try {
      const inserted = await this.insertRows(db, batchId, rows, timeZone);
      await db.query('RELEASE SAVEPOINT import_chunk');
      return { inserted, refused: [] };
    } catch (error) {
      if (!isRowRefusal(error)) throw error;
      await db.query('ROLLBACK TO SAVEPOINT import_chunk');
    }
    let inserted = 0;
    const refused: number[] = [];
    for (const row of rows) {
      await db.query('SAVEPOINT import_row');
      try {
        inserted += await this.insertRows(db, batchId, [row], timeZone);
        await db.query('RELEASE SAVEPOINT import_row');
      } catch (error) {
        if (!isRowRefusal(error)) throw error;
        await db.query('ROLLBACK TO SAVEPOINT import_row');
        refused.push(row.row);
      }
    }
    await db.query('RELEASE SAVEPOINT import_chunk');
    return { inserted, refused };
  }

  private async insertRows(
    db: EntityManager,
    batchId: string,
    rows: readonly HospitalCsvRow[],
    timeZone: string,
  ): Promise<number> {
    const [{ inserted }] = await db.query<{ inserted: number }[]>(
      `WITH stored AS (
         INSERT INTO hospitals (id, name, address, phone, time_zone, batch_id, batch_row)
         SELECT id, name, address, phone, $5, $6, batch_row
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $7::int[]) AS r(id, name, address, phone, batch_row)
         ON CONFLICT (batch_id, batch_row) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS inserted FROM stored`,
      [
        rows.map(() => uuidv7()),
        rows.map((r) => r.name),
        rows.map((r) => r.address),
        rows.map((r) => r.phone),
        timeZone,
        batchId,
        rows.map((r) => r.row),
      ],
    );
    return inserted;
  }
}
