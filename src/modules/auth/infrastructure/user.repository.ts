import { Injectable } from '@nestjs/common';
import type { SqlFilter } from '@hms/authz';
import type { EntityManager } from 'typeorm';
import type { UpdateResult } from '../../../infrastructure/database/update-result.js';

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

export type UserWithRoles = UserRow & { roles: string[] };

export interface UserSearch {
  readonly status?: UserRow['status'];
  readonly role?: string;
  readonly hospitalId?: string;
  readonly departmentId?: string;
  /** Case-insensitive substring of the email or the display name. */
  readonly q?: string;
  readonly page: number;
  readonly pageSize: number;
}

/** What a practitioner listing selects of a user. */
export type PractitionerRow = Pick<UserRow, 'id' | 'display_name' | 'specialty' | 'hospital_id' | 'department_id' | 'status'>;

export interface PractitionerSearch {
  readonly professions: readonly string[];
  readonly ids?: readonly string[];
  readonly hospitalId?: string;
  readonly department?: { readonly id: string; readonly alsoUserIds: readonly string[] };
  readonly specialty?: string;
  readonly status?: UserRow['status'];
  readonly offset: number;
  readonly limit: number;
}

const ROLE_NAMES = `ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id ORDER BY r.name)`;

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

  async findWithRoles(db: EntityManager, id: string): Promise<UserWithRoles | undefined> {
    const [row] = await db.query<UserWithRoles[]>(`SELECT u.*, ${ROLE_NAMES} AS roles FROM users u WHERE u.id = $1`, [id]);
    return row;
  }

  /**
   * A page of users matching the filters and the caller's scope (`scope`,
   * from abilityToSql, binds its parameters from $1), ordered by name.
   */
  async search(db: EntityManager, filter: UserSearch, scope: SqlFilter): Promise<{ rows: UserWithRoles[]; total: number }> {
    const params = [...scope.params];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where = [scope.sql];
    if (filter.status) where.push(`u.status = ${bind(filter.status)}`);
    if (filter.hospitalId) where.push(`u.hospital_id = ${bind(filter.hospitalId)}`);
    if (filter.departmentId) where.push(`u.department_id = ${bind(filter.departmentId)}`);
    if (filter.role) {
      where.push(
        `EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.name = ${bind(filter.role)})`,
      );
    }
    if (filter.q) {
      // strpos rather than ILIKE: the search text needs no escaping of % and _.
      const q = `lower(${bind(filter.q)}::text)`;
      where.push(`(strpos(lower(u.email), ${q}) > 0 OR strpos(lower(u.display_name), ${q}) > 0)`);
    }
    const condition = where.join(' AND ');
    const [{ total }] = await db.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM users u WHERE ${condition}`, [
      ...params,
    ]);
    const rows = await db.query<UserWithRoles[]>(
      `SELECT u.*, ${ROLE_NAMES} AS roles FROM users u WHERE ${condition}
        ORDER BY u.display_name, u.id LIMIT ${bind(filter.pageSize)} OFFSET ${bind((filter.page - 1) * filter.pageSize)}`,
      params,
    );
    return { rows, total };
  }

  /**
   * Users whose profession is one of `professions` (compared trimmed, lower
   * case), by display name then id: the columns a practitioner listing shows.
   */
  async findPractitioners(db: EntityManager, filter: PractitionerSearch): Promise<PractitionerRow[]> {
    const params: unknown[] = [];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const where = [`lower(trim(u.profession)) = ANY(${bind(filter.professions)}::text[])`];
    if (filter.ids) where.push(`u.id = ANY(${bind(filter.ids)}::uuid[])`);
    if (filter.hospitalId) where.push(`u.hospital_id = ${bind(filter.hospitalId)}::uuid`);
    if (filter.department) {
      where.push(
        `(u.department_id = ${bind(filter.department.id)}::uuid OR u.id = ANY(${bind(filter.department.alsoUserIds)}::uuid[]))`,
      );
    }
    if (filter.specialty) where.push(`lower(trim(u.specialty)) = lower(trim(${bind(filter.specialty)}::text))`);
    if (filter.status) where.push(`u.status = ${bind(filter.status)}`);
    return db.query<PractitionerRow[]>(
      `SELECT u.id, u.display_name, u.specialty, u.hospital_id, u.department_id, u.status FROM users u
        WHERE ${where.join(' AND ')}
        ORDER BY u.display_name, u.id LIMIT ${bind(filter.limit)} OFFSET ${bind(filter.offset)}`,
      params,
    );
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
    const [[row]] = await db.query<UpdateResult<{ version: number }>>(
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

  /** A successful sign-in: no new version, and the failure count stays (failures from elsewhere are not wiped). */
  async recordSignIn(db: EntityManager, id: string, at: Date): Promise<void> {
    await db.query(`UPDATE users SET last_login_at = $2 WHERE id = $1`, [id, at]);
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

  /** Accounts placed in any of these hospitals (users_hospital_idx). */
  async countInHospitals(db: EntityManager, hospitalIds: readonly string[]): Promise<number> {
    const [row] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM users WHERE hospital_id = ANY($1::uuid[])`, [
      hospitalIds,
    ]);
    return row.n;
  }

  async count(db: EntityManager): Promise<number> {
    const [row] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM users`);
    return row.n;
  }
}
