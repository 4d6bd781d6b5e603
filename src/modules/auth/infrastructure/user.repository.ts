import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  status: 'active' | 'locked' | 'deactivated';
  locked_until: Date | null;
  hospital_id: string | null;
  department_id: string | null;
  profession: string | null;
  specialty: string | null;
  licence_number: string | null;
  password_hash: string;
  password_changed_at: Date;
  failed_login_count: number;
  first_failed_login_at: Date | null;
  last_login_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface NewUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly hospitalId: string | null;
  readonly departmentId: string | null;
  readonly profession: string | null;
  readonly specialty: string | null;
  readonly licenceNumber: string | null;
}

/** Staff accounts. Emails match case-insensitively (a unique index on lower(email)). */
@Injectable()
export class UserRepository {
  async findByEmail(db: EntityManager, email: string): Promise<UserRow | undefined> {
    const [row] = await db.query<UserRow[]>(`SELECT * FROM users WHERE lower(email) = lower($1)`, [email.trim()]);
    return row;
  }

  async findById(db: EntityManager, id: string, lock = false): Promise<UserRow | undefined> {
    const [row] = await db.query<UserRow[]>(`SELECT * FROM users WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return row;
  }

  async insert(db: EntityManager, user: NewUser): Promise<void> {
    await db.query(
      `INSERT INTO users (id, email, display_name, password_hash, hospital_id, department_id, profession, specialty, licence_number)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        user.id,
        user.email.trim(),
        user.displayName,
        user.passwordHash,
        user.hospitalId,
        user.departmentId,
        user.profession,
        user.specialty,
        user.licenceNumber,
      ],
    );
  }

  /** Updates the given columns and bumps the version; returns the new version. */
  async update(db: EntityManager, id: string, changes: Record<string, unknown>): Promise<number> {
    const columns = Object.keys(changes);
    const sets = columns.map((column, i) => `${column} = $${i + 2}`);
    const [row] = await db.query<{ version: number }[]>(
      `UPDATE users SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING version`,
      [id, ...columns.map((c) => changes[c])],
    );
    return row.version;
  }

  /** Login bookkeeping that is not a change of the account itself: no new version. */
  async recordLoginState(
    db: EntityManager,
    id: string,
    state: { failedCount: number; firstFailedAt: Date | null; lastLoginAt?: Date },
  ): Promise<void> {
    await db.query(
      `UPDATE users SET failed_login_count = $2, first_failed_login_at = $3, last_login_at = COALESCE($4, last_login_at) WHERE id = $1`,
      [id, state.failedCount, state.firstFailedAt, state.lastLoginAt ?? null],
    );
  }

  async roleNamesOf(db: EntityManager, userId: string): Promise<string[]> {
    const rows = await db.query<{ name: string }[]>(
      `SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 ORDER BY r.name`,
      [userId],
    );
    return rows.map((r) => r.name);
  }

  async setRoles(db: EntityManager, userId: string, roleIds: readonly string[]): Promise<void> {
    await db.query(`DELETE FROM user_roles WHERE user_id = $1`, [userId]);
    if (roleIds.length) {
      await db.query(`INSERT INTO user_roles (user_id, role_id) SELECT $1, unnest($2::uuid[])`, [userId, roleIds]);
    }
  }

  /** Active holders of the admin role, locked for the rest of the transaction so two removals cannot race. */
  async lockActiveAdmins(db: EntityManager, adminRole: string): Promise<string[]> {
    const rows = await db.query<{ id: string }[]>(
      `SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
        WHERE r.name = $1 AND u.status = 'active' ORDER BY u.id FOR UPDATE OF u`,
      [adminRole],
    );
    return rows.map((r) => r.id);
  }

  async count(db: EntityManager): Promise<number> {
    const [row] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM users`);
    return row.n;
  }
}
