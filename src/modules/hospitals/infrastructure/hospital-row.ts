/** A row of the hospitals table as the pg driver returns it. */
export interface HospitalRow {
  id: string;
  name: string;
  address: string;
  phone: string | null;
  is_active: boolean;
  time_zone: string;
  batch_id: string | null;
  batch_row: number | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}
