import type { DepartmentRow } from '../infrastructure/department-row.js';

export interface DepartmentView {
  readonly id: string;
  readonly hospitalId: string;
  readonly name: string;
  readonly code: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

export interface DepartmentPage {
  readonly items: readonly DepartmentView[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export function toDepartmentView(row: DepartmentRow): DepartmentView {
  return {
    id: row.id,
    hospitalId: row.hospital_id,
    name: row.name,
    code: row.code,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}
