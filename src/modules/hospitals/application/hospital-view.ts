import type { HospitalRow } from '../infrastructure/hospital-row.js';

/** A hospital as the API shows it. */
export interface HospitalView {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly phone: string | null;
  readonly isActive: boolean;
  readonly timeZone: string;
  readonly batchId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

export interface HospitalPage {
  readonly items: readonly HospitalView[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export function toHospitalView(row: HospitalRow): HospitalView {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    phone: row.phone,
    isActive: row.is_active,
    timeZone: row.time_zone,
    batchId: row.batch_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}
