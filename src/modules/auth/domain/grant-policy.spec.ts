import { describe, expect, it } from '@jest/globals';
import { ungrantable, unknownPermissions } from './grant-policy.js';

describe('ungrantable', () => {
  it('lists what the granter does not hold, allowing narrower scopes of what they hold', () => {
    const held = ['patients:read:hospital', 'users:manage'];
    expect(ungrantable(held, ['patients:read:department', 'patients:read', 'users:read', 'audit:read'])).toEqual([
      'patients:read',
      'audit:read',
    ]);
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
