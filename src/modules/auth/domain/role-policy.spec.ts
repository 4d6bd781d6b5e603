import { describe, expect, it } from '@jest/globals';
import { BuiltInRoleError, RoleInUseError } from './auth-errors.js';
import { assertDeletable, assertEditable } from './role-policy.js';

describe('assertEditable', () => {
  it('keeps the admin role read-only and lets other built-in and custom roles change', () => {
    expect(() => assertEditable({ name: 'admin', builtIn: true })).toThrow(BuiltInRoleError);
    expect(() => assertEditable({ name: 'doctor', builtIn: true })).not.toThrow();
    expect(() => assertEditable({ name: 'ward_clerk', builtIn: false })).not.toThrow();
  });
});

describe('assertDeletable', () => {
  it('refuses built-in roles and roles someone holds', () => {
    expect(() => assertDeletable({ name: 'nurse', builtIn: true }, 0)).toThrow(BuiltInRoleError);
    expect(() => assertDeletable({ name: 'ward_clerk', builtIn: false }, 2)).toThrow(RoleInUseError);
    expect(() => assertDeletable({ name: 'ward_clerk', builtIn: false }, 0)).not.toThrow();
  });
});
