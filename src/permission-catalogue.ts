import type { PermissionDefinition } from '@hms/authz';
import { AUDIT_PERMISSIONS } from './modules/audit/index.js';
import { AUTH_PERMISSIONS } from './modules/auth/index.js';
import { HOSPITAL_PERMISSIONS } from './modules/hospitals/index.js';
import { PATIENT_PERMISSIONS } from './modules/patients/index.js';

/** Every context's permissions, gathered from their public contracts. */
export const PERMISSION_CATALOGUE: readonly PermissionDefinition[] = [
  ...AUTH_PERMISSIONS,
  ...AUDIT_PERMISSIONS,
  ...HOSPITAL_PERMISSIONS,
  ...PATIENT_PERMISSIONS,
];
