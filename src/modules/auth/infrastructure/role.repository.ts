import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';

export interface RoleRow {
  id: string;
  name: string;
  description: string;
  built_in: boolean;
  permissions: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

@Injectable()
export class RoleRepository {
  async findByNames(db: EntityManager, names: readonly string[]): Promise<RoleRow[]> {
    return db.query<RoleRow[]>(`SELECT * FROM roles WHERE name = ANY($1::text[]) ORDER BY name`, [names]);
  }

  async findById(db: EntityManager, id: string, lock = false): Promise<RoleRow | undefined> {
    const [row] = await db.query<RoleRow[]>(`SELECT * FROM roles WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return row;
  }

  async list(db: EntityManager): Promise<(RoleRow & { user_count: number })[]> {
    return db.query<(RoleRow & { user_count: number })[]>(
      `SELECT r.*, (SELECT count(*)::int FROM user_roles ur WHERE ur.role_id = r.id) AS user_count FROM roles r ORDER BY r.name`,
    );
  }

  async insert(
    db: EntityManager,
    role: { id: string; name: string; description: string; permissions: readonly string[] },
  ): Promise<void> {
    await db.query(`INSERT INTO roles (id, name, description, permissions) VALUES ($1, $2, $3, $4)`, [
      role.id,
      role.name,
      role.description,
      role.permissions,
    ]);
  }

  async update(
    db: EntityManager,
    id: string,
    changes: { description?: string; permissions?: readonly string[] },
  ): Promise<number> {
    const [[row]] = await db.query<UpdateResult<{ version: number }>>(
      `UPDATE roles SET description = COALESCE($2, description), permissions = COALESCE($3, permissions),
              version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`,
      [id, changes.description ?? null, changes.permissions ?? null],
    );
    return row.version;
  }

  async delete(db: EntityManager, id: string): Promise<void> {
    await db.query(`DELETE FROM roles WHERE id = $1`, [id]);
  }

  async countHolders(db: EntityManager, roleId: string): Promise<number> {
    const [row] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM user_roles WHERE role_id = $1`, [roleId]);
    return row.n;
  }

  /** The built-in roles, locked until the transaction ends (the role-matrix reconcile). */
  async lockBuiltIn(db: EntityManager): Promise<RoleRow[]> {
    return db.query<RoleRow[]>(`SELECT * FROM roles WHERE built_in ORDER BY name FOR UPDATE`);
  }

  /** Role id -> the default grants applied to it so far, whether it still holds them or not. */
  async appliedDefaults(db: EntityManager): Promise<Map<string, string[]>> {
    const rows = await db.query<{ role_id: string; permissions: string[] }[]>(
      `SELECT role_id, array_agg(permission ORDER BY permission) AS permissions FROM role_default_grants GROUP BY role_id`,
    );
    return new Map(rows.map((row) => [row.role_id, row.permissions]));
  }

  async recordAppliedDefaults(db: EntityManager, roleId: string, permissions: readonly string[]): Promise<void> {
    await db.query(`INSERT INTO role_default_grants (role_id, permission) SELECT $1, unnest($2::text[])`, [roleId, permissions]);
  }

  async holders(db: EntityManager, roleId: string): Promise<string[]> {
    const rows = await db.query<{ user_id: string }[]>(`SELECT user_id FROM user_roles WHERE role_id = $1`, [roleId]);
    return rows.map((r) => r.user_id);
  }
}
