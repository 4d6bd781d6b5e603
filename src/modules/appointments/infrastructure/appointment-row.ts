import type { AppointmentStatus } from '../domain/appointment-status.js';

/** A row of `appointments`; `starts_at` and `ends_at` are the period's bounds, selected apart. */
export interface AppointmentRow {
  readonly id: string;
  readonly hospital_id: string;
  readonly department_id: string;
  readonly practitioner_id: string;
  readonly responsible_user_ids: string[];
  readonly patient_id: string | null;
  readonly status: AppointmentStatus;
  readonly starts_at: Date;
  readonly ends_at: Date;
  readonly local_date: string;
  readonly hold_expires_at: Date | null;
  readonly walk_in: boolean;
  readonly overbooked: boolean;
  readonly overbook_reason: string | null;
  readonly series_id: string | null;
  readonly schedule_id: string | null;
  readonly price_minor: string;
  readonly currency: string;
  readonly reschedule_count: number;
  readonly cancellation_reason: string | null;
  readonly fee_percent: 0 | 50 | 100 | null;
  readonly fee_minor: string | null;
  readonly encounter_id: string | null;
  readonly booked_by: string;
  readonly idempotency_key: string | null;
  readonly request_sha256: string | null;
  readonly version: number;
  readonly created_at: Date;
  readonly updated_at: Date;
}

/** The columns every read selects, the period split into instants and the local date as text. */
export const APPOINTMENT_COLUMNS = (alias: string) =>
  `${alias}.id, ${alias}.hospital_id, ${alias}.department_id, ${alias}.practitioner_id, ${alias}.responsible_user_ids,
   ${alias}.patient_id, ${alias}.status, lower(${alias}.period) AS starts_at, upper(${alias}.period) AS ends_at,
   to_char(${alias}.local_date, 'YYYY-MM-DD') AS local_date, ${alias}.hold_expires_at, ${alias}.walk_in, ${alias}.overbooked,
   ${alias}.overbook_reason, ${alias}.series_id, ${alias}.schedule_id, ${alias}.price_minor, ${alias}.currency,
   ${alias}.reschedule_count, ${alias}.cancellation_reason, ${alias}.fee_percent, ${alias}.fee_minor, ${alias}.encounter_id,
   ${alias}.booked_by, ${alias}.idempotency_key, ${alias}.request_sha256, ${alias}.version, ${alias}.created_at, ${alias}.updated_at`;
