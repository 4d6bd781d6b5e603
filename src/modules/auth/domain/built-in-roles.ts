/**
 * The roles every installation starts with, and their default permissions.
 * The migration that creates them holds a frozen copy of this table; an e2e
 * test checks that both agree, and docs/permissions.md is generated from it.
 * The admin role holds every permission, because nobody can grant a
 * permission they do not hold; it cannot be edited through the API.
 */
export const ADMIN_ROLE = 'admin';

export const BUILT_IN_ROLES: Readonly<Record<string, { readonly description: string; readonly permissions: readonly string[] }>> =
  {
    admin: { description: 'System administrator: every permission', permissions: ['*'] },
    doctor: {
      description: 'Physician',
      permissions: ['patients:emergency-access', 'hospitals:read', 'patients:read:department', 'patients:read-sensitive'],
    },
    nurse: { description: 'Nurse', permissions: ['patients:emergency-access', 'hospitals:read', 'patients:read:department'] },
    pharmacist: { description: 'Pharmacist', permissions: ['hospitals:read', 'patients:read:hospital'] },
    lab_technician: { description: 'Laboratory technician', permissions: ['hospitals:read', 'patients:read:hospital'] },
    receptionist: {
      description: 'Front desk and registration',
      permissions: [
        'hospitals:read',
        'patients:read:hospital',
        'patients:read-sensitive',
        'patients:register',
        'patients:update',
        'patients:deactivate',
      ],
    },
    billing_clerk: {
      description: 'Billing and claims',
      permissions: ['hospitals:read', 'patients:read:hospital', 'patients:read-sensitive'],
    },
    auditor: {
      description: 'Compliance auditor: reads the audit trail',
      permissions: ['audit:read', 'users:read', 'hospitals:read'],
    },
  };
