import { describe, expect, it } from '@jest/globals';
import {
  conditionsOpenPatient,
  decidePatientRecord,
  opensNothing,
  patientScopeConditions,
  patientScopeSql,
} from './patient-scope-conditions.js';
import type { Principal } from './principal.js';

const NOW = new Date('2026-12-06T12:00:00Z');
const principal = (permissions: string[], over: Partial<Principal> = {}): Principal => ({
  userId: 'u1',
  sessionId: 's1',
  roles: [],
  permissions,
  hospitalId: 'h1',
  departmentId: 'd1',
  emergencyGrants: [],
  ...over,
});
const COLUMNS = {
  patientId: 'n.patient_id',
  hospitalId: 'n.hospital_id',
  departmentId: 'n.department_id',
  responsibleUserIds: 'n.users',
};
const record = (over: Partial<Parameters<typeof decidePatientRecord>[1]> = {}) => ({
  patientId: 'p1',
  hospitalId: 'h2',
  departmentId: 'd2',
  responsibleUserIds: [] as string[],
  ...over,
});

describe('patientScopeConditions', () => {
  it('collects the scopes of the resource’s action and of manage, and nothing of other resources', () => {
    const conditions = patientScopeConditions(
      principal(['labs:read:own', 'labs:manage:department', 'labs:update:hospital', 'patients:read'], {
        emergencyGrants: [
          { grantId: 'g1', patientId: 'p1', expiresAt: new Date('2026-12-06T13:00:00Z') },
          { grantId: 'g0', patientId: 'p0', expiresAt: new Date('2026-12-06T11:00:00Z') },
        ],
      }),
      'labs',
      'read',
      NOW,
    );
    expect(conditions).toEqual({
      all: false,
      hospitalIds: [],
      departmentIds: ['d1'],
      userIds: ['u1'],
      emergencyGrants: [{ grantId: 'g1', patientId: 'p1', expiresAt: new Date('2026-12-06T13:00:00Z') }],
    });
  });

  it('adds nothing for a scope whose anchor the user lacks', () => {
    const conditions = patientScopeConditions(principal(['labs:read:hospital'], { hospitalId: null }), 'labs', 'read', NOW);
    expect(opensNothing(conditions)).toBe(true);
    expect(patientScopeSql(conditions, COLUMNS)).toEqual({ sql: 'FALSE', params: [] });
  });
});

describe('patientScopeSql and decidePatientRecord', () => {
  it('render every scope over the caller’s columns, numbered from the first placeholder given', () => {
    const conditions = patientScopeConditions(
      principal(['labs:read:own', 'labs:read:department', 'labs:read:hospital'], {
        emergencyGrants: [{ grantId: 'g1', patientId: 'p9', expiresAt: new Date('2027-01-01T00:00:00Z') }],
      }),
      'labs',
      'read',
      NOW,
    );
    expect(patientScopeSql(conditions, COLUMNS, 3)).toEqual({
      sql: '(n.hospital_id = ANY($3::uuid[]) OR n.department_id = ANY($4::uuid[]) OR n.users && $5::uuid[] OR n.patient_id = ANY($6::uuid[]))',
      params: [['h1'], ['d1'], ['u1'], ['p9']],
    });
  });

  it('answer TRUE and allow everything for an unscoped permission', () => {
    const conditions = patientScopeConditions(principal(['labs:read']), 'labs', 'read', NOW);
    expect(patientScopeSql(conditions, COLUMNS)).toEqual({ sql: 'TRUE', params: [] });
    expect(decidePatientRecord(conditions, record())).toEqual({ allowed: true, reason: 'scope', emergencyGrantId: null });
  });

  it('name a grant only when the reader’s own scopes refuse the record', () => {
    const grants = [{ grantId: 'g1', patientId: 'p1', expiresAt: new Date('2027-01-01T00:00:00Z') }];
    const own = patientScopeConditions(principal(['labs:read:own'], { emergencyGrants: grants }), 'labs', 'read', NOW);
    expect(decidePatientRecord(own, record({ responsibleUserIds: ['u1'] }))).toEqual({
      allowed: true,
      reason: 'care-link',
      emergencyGrantId: null,
    });
    expect(decidePatientRecord(own, record())).toEqual({ allowed: true, reason: 'emergency-grant', emergencyGrantId: 'g1' });
    expect(decidePatientRecord(own, record({ patientId: 'p2' }))).toEqual({
      allowed: false,
      reason: null,
      emergencyGrantId: null,
    });
  });

  it('decide department and hospital scopes on the record’s own columns', () => {
    const department = patientScopeConditions(principal(['labs:read:department']), 'labs', 'read', NOW);
    expect(decidePatientRecord(department, record({ departmentId: 'd1' })).allowed).toBe(true);
    expect(decidePatientRecord(department, record({ hospitalId: 'h1' })).allowed).toBe(false);
    const hospital = patientScopeConditions(principal(['labs:read:hospital']), 'labs', 'read', NOW);
    expect(decidePatientRecord(hospital, record({ hospitalId: 'h1' })).allowed).toBe(true);
    expect(decidePatientRecord(hospital, record({ departmentId: 'd1' })).allowed).toBe(false);
  });
});

describe('patient-wide records', () => {
  const patient = (over: Partial<Parameters<typeof conditionsOpenPatient>[1]> = {}) => ({
    id: 'p1',
    linkedUserIds: [] as string[],
    departmentIds: ['d2'],
    hospitalIds: ['h2'],
    ...over,
  });

  it('open a patient to scopes that reach its links, never through a grant', () => {
    const department = patientScopeConditions(principal(['emr:read:department']), 'emr', 'read', NOW);
    expect(conditionsOpenPatient(department, patient())).toBe(false);
    expect(conditionsOpenPatient(department, patient({ departmentIds: ['d2', 'd1'] }))).toBe(true);
    const hospital = patientScopeConditions(principal(['emr:read:hospital']), 'emr', 'read', NOW);
    expect(conditionsOpenPatient(hospital, patient({ hospitalIds: ['h2', 'h1'] }))).toBe(true);
    const own = patientScopeConditions(principal(['emr:read:own']), 'emr', 'read', NOW);
    expect(conditionsOpenPatient(own, patient({ linkedUserIds: ['u1'] }))).toBe(true);
    expect(conditionsOpenPatient(patientScopeConditions(principal(['emr:read']), 'emr', 'read', NOW), patient())).toBe(true);
    const granted = patientScopeConditions(
      principal([], { emergencyGrants: [{ grantId: 'g1', patientId: 'p1', expiresAt: new Date('2027-01-01T00:00:00Z') }] }),
      'emr',
      'read',
      NOW,
    );
    expect(conditionsOpenPatient(granted, patient())).toBe(false);
  });

  it('let an opened patient’s records through in SQL and in the per-record rule alike, others not', () => {
    const conditions = {
      ...patientScopeConditions(principal(['emr:read:department']), 'emr', 'read', NOW),
      openPatientIds: ['p1'],
    };
    expect(patientScopeSql(conditions, COLUMNS)).toEqual({
      sql: '(n.department_id = ANY($1::uuid[]) OR n.patient_id = ANY($2::uuid[]))',
      params: [['d1'], ['p1']],
    });
    expect(decidePatientRecord(conditions, record())).toEqual({ allowed: true, reason: 'scope', emergencyGrantId: null });
    expect(decidePatientRecord(conditions, record({ patientId: 'p2' })).allowed).toBe(false);
    expect(opensNothing({ ...patientScopeConditions(principal([]), 'emr', 'read', NOW), openPatientIds: ['p1'] })).toBe(false);
  });
});
