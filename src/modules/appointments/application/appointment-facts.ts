import type { AppointmentFacts } from '../domain/appointment-status.js';
import type { AppointmentRow } from '../infrastructure/appointment-row.js';
import type { AppointmentScope } from './appointment-access.js';

/** What the life-cycle rules decide on. */
export function factsOf(row: AppointmentRow): AppointmentFacts {
  return {
    id: row.id,
    status: row.status,
    start: new Date(row.starts_at),
    rescheduleCount: row.reschedule_count,
    encounterId: row.encounter_id,
  };
}

/** What the caller's scopes are tested on. */
export function scopeOf(row: AppointmentRow): AppointmentScope {
  return {
    hospitalId: row.hospital_id,
    departmentId: row.department_id,
    practitionerId: row.practitioner_id,
    patientId: row.patient_id,
  };
}
