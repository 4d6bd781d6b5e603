/** A row of the departments table as the pg driver returns it. */
export interface DepartmentRow {
  id: string;
  hospital_id: string;
  name: string;
  code: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}
