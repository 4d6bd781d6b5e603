import type { RoleRow } from '../infrastructure/role.repository.js';

export interface RoleView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly builtIn: boolean;
  readonly permissions: readonly string[];
  readonly userCount: number;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function toRoleView(row: RoleRow, userCount: number): RoleView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    builtIn: row.built_in,
    permissions: [...row.permissions].sort(),
    userCount,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
