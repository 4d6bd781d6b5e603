import type { AppointmentStatus } from '../domain/appointment-status.js';
import { isoInZone } from '../domain/wall-clock.js';
import type { AppointmentRow } from '../infrastructure/appointment-row.js';

/** An appointment as the API shows it: instants in UTC and in the hospital's zone. */
export interface AppointmentView {
  readonly id: string;
  readonly status: AppointmentStatus;
  readonly hospitalId: string;
  readonly departmentId: string;
  readonly practitionerId: string;
  readonly patientId: string | null;
  readonly start: string;
  readonly end: string;
  readonly localStart: string;
  readonly localEnd: string;
  readonly localDate: string;
  readonly timeZone: string;
  readonly holdExpiresAt: string | null;
  readonly walkIn: boolean;
  readonly overbooked: boolean;
  readonly seriesId: string | null;
  readonly price: { readonly amountMinor: number; readonly currency: string };
  readonly rescheduleCount: number;
  readonly cancellation: { readonly reason: string; readonly feePercent: number | null; readonly feeMinor: number | null } | null;
  readonly noShowFee: { readonly feePercent: number; readonly feeMinor: number } | null;
  readonly encounterId: string | null;
  readonly bookedBy: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function appointmentViewOf(row: AppointmentRow, zone: string): AppointmentView {
  const start = new Date(row.starts_at);
  const end = new Date(row.ends_at);
  return {
    id: row.id,
    status: row.status,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    practitionerId: row.practitioner_id,
    patientId: row.patient_id,
    start: start.toISOString(),
    end: end.toISOString(),
    localStart: isoInZone(start, zone),
    localEnd: isoInZone(end, zone),
    localDate: row.local_date,
    timeZone: zone,
    holdExpiresAt: row.hold_expires_at ? new Date(row.hold_expires_at).toISOString() : null,
    walkIn: row.walk_in,
    overbooked: row.overbooked,
    seriesId: row.series_id,
    price: { amountMinor: Number(row.price_minor), currency: row.currency },
    rescheduleCount: row.reschedule_count,
    cancellation:
      row.status === 'cancelled' && row.cancellation_reason
        ? {
            reason: row.cancellation_reason,
            feePercent: row.fee_percent,
            feeMinor: row.fee_minor === null ? null : Number(row.fee_minor),
          }
        : null,
    noShowFee:
      row.status === 'noshow' && row.fee_percent !== null
        ? { feePercent: row.fee_percent, feeMinor: Number(row.fee_minor) }
        : null,
    encounterId: row.encounter_id,
    bookedBy: row.booked_by,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
