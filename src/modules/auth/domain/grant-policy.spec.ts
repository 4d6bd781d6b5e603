import { describe, expect, it } from '@jest/globals';
import { ungrantable, unknownPermissions } from './grant-policy.js';

describe('ungrantable', () => {
  it('lists what the granter does not hold, allowing narrower scopes of what they hold', () => {
    const grantor = { roles: ['ward_manager'], permissions: ['patients:read:hospital', 'users:manage'] };
    expect(ungrantable(grantor, ['patients:read:department', 'patients:read', 'users:read', 'audit:read'])).toEqual([
      'patients:read',
      'audit:read',
    ]);
  });

  it('lets the admin role grant permissions it does not hold, such as the patient ones (ADR 25)', () => {
    const admin = { roles: ['admin'], permissions: ['users:manage', 'roles:manage'] };
    expect(ungrantable(admin, ['patients:read', 'patients:read-sensitive', 'patients:merge'])).toEqual([]);
  });

  it('gives nothing extra to a custom role that merely holds roles:manage', () => {
    const manager = { roles: ['role_manager'], permissions: ['roles:manage'] };
    expect(ungrantable(manager, ['patients:read'])).toEqual(['patients:read']);
  });
});

describe('unknownPermissions', () => {
  it('lists permissions outside the catalogue', () => {
    expect(unknownPermissions(new Set(['users:read', 'audit:read']), ['users:read', 'users:fly', 'audit:read:own'])).toEqual([
      'users:fly',
      'audit:read:own',
    ]);
  });
});
