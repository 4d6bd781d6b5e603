import type { PermissionDefinition } from '@hms/authz';

/**
 * The patients context's permissions. `patients:read` is scoped by care
 * links (ADR 9); break-the-glass (`patients:emergency-access`) belongs to
 * the auth context, which grants it. Every one opens patients' records, so
 * the admin role holds none of them (ADR 25).
 */
export const PATIENT_PERMISSIONS: readonly PermissionDefinition[] = [
  {
    name: 'patients:read',
    description:
      'Find and view patients: `own` those linked to the user, `department` to the user’s department, `hospital` registered at or linked to the user’s hospital',
    scopes: ['own', 'department', 'hospital', 'all'],
    patientData: true,
  },
  {
    name: 'patients:read-sensitive',
    description: 'See national id, phone, email, address and emergency contact unmasked in the patients one may read',
    scopes: ['all'],
    patientData: true,
  },
  {
    name: 'patients:register',
    description: 'Register patients (and confirm a registration that looks like a duplicate)',
    scopes: ['all'],
    patientData: true,
  },
  { name: 'patients:update', description: 'Change a patient’s personal details', scopes: ['all'], patientData: true },
  { name: 'patients:deactivate', description: 'Mark a patient inactive or deceased', scopes: ['all'], patientData: true },
  { name: 'patients:merge', description: 'Merge a duplicate patient record into another', scopes: ['all'], patientData: true },
];
