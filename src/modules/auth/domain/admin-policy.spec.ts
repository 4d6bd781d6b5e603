import { describe, expect, it } from '@jest/globals';
import { assertAnotherAdminRemains } from './admin-policy.js';
import { LastAdminError } from './auth-errors.js';

describe('assertAnotherAdminRemains', () => {
  const admin = { id: 'a', status: 'active', roles: ['admin', 'doctor'] };

  it('refuses to take the last active administrator away', () => {
    expect(() => assertAnotherAdminRemains(['a'], admin)).toThrow(LastAdminError);
  });

  it('allows it while another active administrator remains', () => {
    expect(() => assertAnotherAdminRemains(['a', 'b'], admin)).not.toThrow();
  });

  it('does not care about users who are not active administrators', () => {
    expect(() => assertAnotherAdminRemains(['a'], { id: 'n', status: 'active', roles: ['nurse'] })).not.toThrow();
    expect(() => assertAnotherAdminRemains([], { ...admin, status: 'locked' })).not.toThrow();
  });
});
