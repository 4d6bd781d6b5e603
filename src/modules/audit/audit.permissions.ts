import type { PermissionDefinition } from '@hms/authz';

/** The audit context's permissions. Its API arrives with the audit store; grants listing already uses it. */
export const AUDIT_PERMISSIONS: readonly PermissionDefinition[] = [
  { name: 'audit:read', description: 'Query the audit trail, access reports and break-the-glass grants', scopes: ['all'] },
];
