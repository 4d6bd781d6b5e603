import type { UserWithRoles } from '../infrastructure/user.repository.js';

/** A staff account as administrators see it: never the password hash or the login counters. */
export interface UserView {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly status: 'active' | 'locked' | 'deactivated';
  readonly lockedUntil: Date | null;
  readonly hospitalId: string | null;
  readonly departmentId: string | null;
  readonly profession: string | null;
  readonly specialty: string | null;
  readonly licenceNumber: string | null;
  readonly roles: readonly string[];
  readonly lastLoginAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

export interface UserPage {
  readonly items: readonly UserView[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export function toUserView(row: UserWithRoles): UserView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    status: row.status,
    lockedUntil: row.locked_until,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    profession: row.profession,
    specialty: row.specialty,
    licenceNumber: row.licence_number,
    roles: row.roles,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}
