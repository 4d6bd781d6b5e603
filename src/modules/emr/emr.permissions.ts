import type { PermissionDefinition } from '@hms/authz';

const SCOPES = ['own', 'department', 'hospital', 'all'] as const;
const SCOPE_HELP =
  '`own` those the user attends or is in the care team of, `department` of the user’s department, `hospital` of the user’s hospital';

/**
 * The EMR context's permissions (ADR 30). Scopes are tested on the
 * encounter's own columns (ADR 16): `encounters:read` opens an encounter's
 * administrative part, `emr:read` adds its clinical content, `emr:write`
 * records and changes. Each opens patients' records, so the admin role
 * holds none of them (ADR 25).
 */
export const EMR_PERMISSIONS: readonly PermissionDefinition[] = [
  {
    name: 'encounters:read',
    description: `See patients’ encounters without clinical content (dates, department, status, class, visit account number): ${SCOPE_HELP}`,
    scopes: SCOPES,
    patientData: true,
  },
  {
    name: 'emr:read',
    description: `Read clinical content: an encounter’s reason, attending practitioner and care team, its notes, diagnoses and vital signs, a patient’s problems, allergies and timeline: ${SCOPE_HELP}`,
    scopes: SCOPES,
    patientData: true,
  },
  {
    name: 'emr:write',
    description: `Record encounters and change their details and status, write notes and record vital signs on them, record patients’ allergies, in the same scopes over the encounter or record`,
    scopes: SCOPES,
    patientData: true,
  },
  {
    name: 'emr:sign',
    description: `Sign one’s own clinical notes and amend signed ones (besides emr:write), in the same scopes over the encounter`,
    scopes: SCOPES,
    patientData: true,
  },
  {
    name: 'emr:diagnose',
    description: `Record and change diagnoses and problem-list entries (besides emr:write), in the same scopes over the encounter`,
    scopes: SCOPES,
    patientData: true,
  },
];
