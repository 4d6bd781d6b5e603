import { describe, expect, it } from '@jest/globals';
import { BUILT_IN_ROLES } from '../domain/built-in-roles.js';
import { checkPassword } from '../domain/password-policy.js';
import { DEMO_PASSWORD, demoUserOf } from './demo-users.seeder.js';

describe('demo users', () => {
  // `npm run seed` would stop at the first account the password policy refuses.
  it.each(Object.keys(BUILT_IN_ROLES))('the demo password passes the policy for the %s account', async (role) => {
    expect(await checkPassword(DEMO_PASSWORD, demoUserOf(role))).toEqual([]);
  });
});
