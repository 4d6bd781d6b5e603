import { describe, expect, it } from '@jest/globals';
import { pendingDefaultGrants } from './pending-default-grants.js';

describe('pendingDefaultGrants', () => {
  it('grants and records a default the role was never given', () => {
    const role = { name: 'nurse', permissions: ['hospitals:read'], applied: ['hospitals:read'] };
    expect(pendingDefaultGrants(role, ['hospitals:read', 'wards:read'])).toEqual({
      record: ['wards:read'],
      grant: ['wards:read'],
      revoke: [],
    });
  });

  it('does not grant again a default that was applied and then removed', () => {
    const role = { name: 'nurse', permissions: [], applied: ['wards:read'] };
    expect(pendingDefaultGrants(role, ['wards:read'])).toEqual({ record: [], grant: [], revoke: [] });
  });

  it('records a default the role already holds (an administrator granted it first) without granting it twice', () => {
    const role = { name: 'nurse', permissions: ['wards:read'], applied: [] };
    expect(pendingDefaultGrants(role, ['wards:read'])).toEqual({ record: ['wards:read'], grant: [], revoke: [] });
  });

  it('never takes away a permission that is no default', () => {
    const role = { name: 'nurse', permissions: ['hospitals:manage'], applied: [] };
    expect(pendingDefaultGrants(role, [])).toEqual({ record: [], grant: [], revoke: [] });
  });

  it('gives admin every permission it lacks, even one applied before', () => {
    const role = { name: 'admin', permissions: ['a:read'], applied: ['a:read', 'b:read'] };
    expect(pendingDefaultGrants(role, ['a:read', 'b:read', 'c:read'])).toEqual({
      record: ['c:read'],
      grant: ['b:read', 'c:read'],
      revoke: [],
    });
  });

  it('takes from admin what is not its default (the patient permissions it held before ADR 25), and only from admin', () => {
    const admin = { name: 'admin', permissions: ['a:read', 'patients:read', 'patients:merge'], applied: ['a:read'] };
    expect(pendingDefaultGrants(admin, ['a:read'])).toEqual({
      record: [],
      grant: [],
      revoke: ['patients:merge', 'patients:read'],
    });
    const doctor = { name: 'doctor', permissions: ['a:read', 'patients:read'], applied: ['a:read'] };
    expect(pendingDefaultGrants(doctor, ['a:read']).revoke).toEqual([]);
  });
});
