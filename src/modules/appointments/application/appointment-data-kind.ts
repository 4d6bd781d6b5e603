import type { PatientScopeColumns } from '@hms/authz';
import type { PatientDataKind } from '../../patients/index.js';

/** Reads of appointments: appointments:read's scopes apply; access events name them `appointments.appointments`. */
export const APPOINTMENTS: PatientDataKind = { resource: 'appointments', resourceType: 'appointments.appointments' };

/** The scope columns of `appointments a`: its hospital, its department, and (own) its practitioner. */
export const APPOINTMENT_SCOPE_COLUMNS: PatientScopeColumns = {
  patientId: 'a.patient_id',
  hospitalId: 'a.hospital_id',
  departmentId: 'a.department_id',
  responsibleUserIds: 'a.responsible_user_ids',
};
