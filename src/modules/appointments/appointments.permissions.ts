import type { PermissionDefinition } from '@hms/authz';

const SCOPES = ['own', 'department', 'hospital', 'all'] as const;

/**
 * The appointments context's permissions (ADR 43). Scopes are tested on the
 * appointment's own columns: its hospital, its department, and `own` the
 * practitioner it is with. An appointment names a patient, so reading and
 * booking are patient data (the admin role holds neither, ADR 25).
 */
export const APPOINTMENT_PERMISSIONS: readonly PermissionDefinition[] = [
  {
    name: 'appointments:read',
    description:
      'See appointments and a practitioner’s day: `own` those with the user as practitioner, `department` of the user’s department, `hospital` of the user’s hospital',
    scopes: SCOPES,
    patientData: true,
  },
  {
    name: 'appointments:book',
    description:
      'Hold, book, reschedule, cancel, check in and mark no-shows, in the same scopes over the appointment (the patient within patients:read)',
    scopes: SCOPES,
    patientData: true,
  },
  {
    name: 'appointments:attend',
    description:
      'Start a checked-in visit (opening its EMR encounter, which needs emr:write) and complete it, in the same scopes',
    scopes: SCOPES,
    patientData: true,
  },
  {
    name: 'appointments:overbook',
    description: 'Book past a practitioner’s daily limit or into a taken slot, with a reason (audited), in the same scopes',
    scopes: SCOPES,
    patientData: true,
  },
  {
    name: 'schedules:read',
    description: 'See practitioners, their schedules and free slots (no patient data)',
    scopes: ['all'],
  },
  {
    name: 'schedules:manage',
    description:
      'Keep practitioners’ schedules, leave, blocked periods and extra sessions: `department` of the user’s department, `hospital` of the user’s hospital',
    scopes: ['department', 'hospital', 'all'],
  },
];
