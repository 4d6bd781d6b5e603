import type { PermissionDefinition } from '@hms/authz';

/**
 * The hospitals context's permissions. `manage` counts as every action on
 * its resource (ADR 6), so hospitals:manage includes hospitals:import.
 */
export const HOSPITAL_PERMISSIONS: readonly PermissionDefinition[] = [
  {
    name: 'hospitals:read',
    description: 'List and view hospitals, their departments and CSV import batches',
    scopes: ['all'],
  },
  {
    name: 'hospitals:manage',
    description: 'Register and update hospitals and their departments (and everything hospitals:import allows)',
    scopes: ['all'],
  },
  {
    name: 'hospitals:import',
    description: 'Validate and upload CSV files of hospitals, then activate or delete the resulting batches',
    scopes: ['all'],
  },
];
