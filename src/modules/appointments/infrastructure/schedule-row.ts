import type { ExceptionKind, WeeklyInterval } from '../domain/schedule.js';

export interface ScheduleRow {
  readonly id: string;
  readonly practitioner_id: string;
  readonly hospital_id: string;
  readonly department_id: string;
  readonly specialty: string | null;
  readonly slot_minutes: number;
  readonly effective_from: string;
  readonly effective_to: string | null;
  readonly weekly_hours: WeeklyInterval[];
  readonly price_minor: string;
  readonly currency: string;
  readonly created_by: string;
  readonly version: number;
  readonly created_at: Date;
  readonly updated_at: Date;
}

export const SCHEDULE_COLUMNS = `s.id, s.practitioner_id, s.hospital_id, s.department_id, s.specialty, s.slot_minutes,
  to_char(s.effective_from, 'YYYY-MM-DD') AS effective_from, to_char(s.effective_to, 'YYYY-MM-DD') AS effective_to,
  s.weekly_hours, s.price_minor, s.currency, s.created_by, s.version, s.created_at, s.updated_at`;

export interface ScheduleExceptionRow {
  readonly id: string;
  readonly practitioner_id: string;
  readonly hospital_id: string;
  readonly department_id: string | null;
  readonly kind: ExceptionKind;
  readonly starts_at: Date;
  readonly ends_at: Date;
  readonly reason: string | null;
  readonly created_by: string;
  readonly created_at: Date;
}

export const EXCEPTION_COLUMNS = `e.id, e.practitioner_id, e.hospital_id, e.department_id, e.kind, lower(e.period) AS starts_at,
  upper(e.period) AS ends_at, e.reason, e.created_by, e.created_at`;
