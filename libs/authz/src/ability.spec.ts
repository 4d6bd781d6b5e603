import { describe, expect, it } from '@jest/globals';
import { subject } from '@casl/ability';
import { buildAbility } from './ability.js';
import { abilityToSql } from './ability-to-sql.js';
import type { Principal } from './principal.js';

const base: Principal = {
  userId: 'u1',
  sessionId: 's1',
  roles: ['nurse'],
  permissions: [],
  hospitalId: 'h1',
  departmentId: 'd1',
  emergencyGrants: [],
};
const record = (over: Partial<{ id: string; linkedUserIds: string[]; departmentIds: string[]; hospitalIds: string[] }>) =>
  subject('patients', { id: 'p1', linkedUserIds: [], departmentIds: [], hospitalIds: [], ...over });

const FIELDS = {
  id: (p: string) => `t.id = ${p}`,
  linkedUserIds: (p: string) => `EXISTS (SELECT 1 FROM links l WHERE l.record_id = t.id AND l.user_id = ${p})`,
  departmentIds: (p: string) => `t.department_id = ${p}`,
  hospitalIds: (p: string) => `t.hospital_id = ${p}`,
};

describe('buildAbility', () => {
  it('turns each scope into a condition on the linked users, departments or hospitals', () => {
    const own = buildAbility({ ...base, permissions: ['patients:read:own'] });
    expect(own.can('read', record({ linkedUserIds: ['u1'] }))).toBe(true);
    expect(own.can('read', record({ linkedUserIds: ['u2'], departmentIds: ['d1'] }))).toBe(false);

    const dept = buildAbility({ ...base, permissions: ['patients:read:department'] });
    expect(dept.can('read', record({ departmentIds: ['d9', 'd1'] }))).toBe(true);
    expect(dept.can('read', record({ departmentIds: ['d2'], hospitalIds: ['h1'] }))).toBe(false);

    const hospital = buildAbility({ ...base, permissions: ['patients:read:hospital'] });
    expect(hospital.can('read', record({ hospitalIds: ['h1'] }))).toBe(true);
    expect(hospital.can('read', record({ hospitalIds: ['h2'] }))).toBe(false);

    const all = buildAbility({ ...base, permissions: ['patients:read'] });
    expect(all.can('read', record({}))).toBe(true);
    expect(all.can('write', record({}))).toBe(false);
  });

  it('grants nothing for a department scope when the user has no department', () => {
    const ability = buildAbility({ ...base, departmentId: null, permissions: ['patients:read:department'] });
    expect(ability.can('read', record({ departmentIds: ['d1'] }))).toBe(false);
    expect(ability.can('read', 'patients')).toBe(false);
  });

  it('opens one patient to an unexpired break-the-glass grant, and only for reading', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    const grants = [
      { grantId: 'g1', patientId: 'p7', expiresAt: new Date('2026-11-22T10:30:00Z') },
      { grantId: 'g2', patientId: 'p8', expiresAt: new Date('2026-11-22T09:59:59Z') },
    ];
    const ability = buildAbility({ ...base, emergencyGrants: grants }, now);
    expect(ability.can('read', record({ id: 'p7' }))).toBe(true);
    expect(ability.can('read', record({ id: 'p8' }))).toBe(false);
    expect(ability.can('write', record({ id: 'p7' }))).toBe(false);
  });

  it('treats manage as every action on the resource', () => {
    const ability = buildAbility({ ...base, permissions: ['users:manage'] });
    expect(ability.can('deactivate', 'users')).toBe(true);
    expect(ability.can('read', 'roles')).toBe(false);
  });
});

describe('abilityToSql', () => {
  it('answers FALSE without any rule and TRUE for an unscoped permission', () => {
    expect(abilityToSql(buildAbility(base), 'read', 'patients', FIELDS)).toEqual({ sql: 'FALSE', params: [] });
    expect(abilityToSql(buildAbility({ ...base, permissions: ['patients:read'] }), 'read', 'patients', FIELDS)).toEqual({
      sql: 'TRUE',
      params: [],
    });
  });

  it('ORs the scoped rules and the emergency grants, with bind parameters', () => {
    const ability = buildAbility({
      ...base,
      permissions: ['patients:read:own', 'patients:read:department'],
      emergencyGrants: [{ grantId: 'g', patientId: 'p7', expiresAt: new Date(Date.now() + 60_000) }],
    });
    const filter = abilityToSql(ability, 'read', 'patients', FIELDS, 3);
    expect(filter.params.sort()).toEqual(['d1', 'p7', 'u1']);
    expect(filter.sql).toContain(' OR ');
    expect(filter.sql).toMatch(/t\.department_id = \$\d/);
    expect(filter.sql).toMatch(/l\.user_id = \$\d/);
    expect(filter.sql).toMatch(/t\.id = \$\d/);
    expect(filter.sql).not.toMatch(/\$[12](\D|$)/);
  });

  it('refuses a condition field it has no mapping for', () => {
    const ability = buildAbility({ ...base, permissions: ['patients:read:hospital'] });
    expect(() => abilityToSql(ability, 'read', 'patients', { id: FIELDS.id })).toThrow(
      /No SQL mapping for condition field "hospitalIds"/,
    );
  });
});
