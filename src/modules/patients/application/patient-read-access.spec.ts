import { describe, expect, it } from '@jest/globals';
import { buildAbility, type Principal } from '@hms/authz';
import { mayChange, readDecision, readsAllPatients } from './patient-read-access.js';

const now = new Date('2026-11-22T10:00:00Z');
const base: Principal = {
  userId: 'u1',
  sessionId: 's1',
  roles: ['nurse'],
  permissions: ['patients:read:department'],
  hospitalId: 'h1',
  departmentId: 'd1',
  emergencyGrants: [],
};
const patient = (over: Partial<{ id: string; departmentIds: string[] }> = {}) => ({
  id: 'p1',
  linkedUserIds: [],
  departmentIds: [],
  hospitalIds: ['h9'],
  ...over,
});
const decide = (principal: Principal, target = patient()) => readDecision(buildAbility(principal, now), principal, target, now);

describe('readDecision', () => {
  it('allows what the scopes allow, naming no grant', () => {
    expect(decide(base, patient({ departmentIds: ['d1'] }))).toEqual({ allowed: true, emergencyGrantId: null });
    expect(decide(base)).toEqual({ allowed: false, emergencyGrantId: null });
  });

  it('names the break-the-glass grant only when it alone opened the record', () => {
    const granted = {
      ...base,
      emergencyGrants: [{ grantId: 'g1', patientId: 'p1', expiresAt: new Date(now.getTime() + 60_000) }],
    };
    expect(decide(granted)).toEqual({ allowed: true, emergencyGrantId: 'g1' });
    expect(decide(granted, patient({ departmentIds: ['d1'] }))).toEqual({ allowed: true, emergencyGrantId: null });
    expect(decide(granted, patient({ id: 'p2' }))).toEqual({ allowed: false, emergencyGrantId: null });
    const expired = { ...base, emergencyGrants: [{ grantId: 'g1', patientId: 'p1', expiresAt: new Date(now.getTime() - 1) }] };
    expect(decide(expired)).toEqual({ allowed: false, emergencyGrantId: null });
  });

  it('lets a grant open a record for reading, not for changing it', () => {
    expect(mayChange({ allowed: true, emergencyGrantId: 'g1' })).toBe(false);
    expect(mayChange({ allowed: true, emergencyGrantId: null })).toBe(true);
    expect(mayChange({ allowed: false, emergencyGrantId: null })).toBe(false);
  });
});

describe('readsAllPatients', () => {
  it('is true only for an unscoped patients:read (or manage)', () => {
    expect(readsAllPatients({ ...base, permissions: ['patients:read'] })).toBe(true);
    expect(readsAllPatients({ ...base, permissions: ['patients:manage'] })).toBe(true);
    expect(readsAllPatients({ ...base, permissions: ['patients:read:hospital', 'patients:read-sensitive'] })).toBe(false);
  });
});
