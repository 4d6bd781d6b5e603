import type { PermissionDefinition } from '@hms/authz';

/** The auth context's permissions. */
export const AUTH_PERMISSIONS: readonly PermissionDefinition[] = [
  { name: 'users:read', description: 'List and view staff accounts', scopes: ['hospital', 'all'] },
  {
    name: 'users:manage',
    description:
      'Create and update staff accounts, deactivate, reactivate and unlock them, assign roles, revoke sessions, reset passwords',
    scopes: ['all'],
  },
  { name: 'roles:manage', description: 'Create, edit and delete roles and their permissions', scopes: ['all'] },
  {
    name: 'patients:emergency-access',
    description: 'Break the glass: open one patient record outside one’s scope for a limited time, stating a reason',
    scopes: ['all'],
    patientData: true,
  },
];
