import type { AppointmentSnapshot } from '../domain/appointment-events.js';
import type { AppointmentRow } from '../infrastructure/appointment-row.js';

export function snapshotOf(row: AppointmentRow): AppointmentSnapshot {
  return {
    appointmentId: row.id,
    patientId: row.patient_id,
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    practitionerId: row.practitioner_id,
    status: row.status,
    start: new Date(row.starts_at).toISOString(),
    end: new Date(row.ends_at).toISOString(),
    localDate: row.local_date,
    walkIn: row.walk_in,
    overbooked: row.overbooked,
    seriesId: row.series_id,
    priceMinor: Number(row.price_minor),
    currency: row.currency,
    rescheduleCount: row.reschedule_count,
    encounterId: row.encounter_id,
  };
}
