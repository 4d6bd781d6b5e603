import { describe, expect, it } from '@jest/globals';
import { subject } from '@casl/ability';
import type { UserSnapshot } from './auth-state.store.js';
import { SnapshotAuthority } from './snapshot-authority.js';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const patient = (id: string) => subject('patients', { id, linkedUserIds: [], departmentIds: [], hospitalIds: [] });
const snapshot = (grants: UserSnapshot['grants'] = []): UserSnapshot => ({
  status: 'active',
  lockedUntil: null,
  hospitalId: null,
  departmentId: 'd1',
  roles: ['nurse'],
  permissions: ['patients:read:department', 'users:read:all'],
  grants,
});

describe('SnapshotAuthority', () => {
  it('builds one ability per snapshot, and a new one for a new snapshot', () => {
    const authority = new SnapshotAuthority();
    const user = snapshot();
    const first = authority.of('u1', 's1', user, at(0));
    const again = authority.of('u1', 's2', user, at(1_000));
    expect(again.authority.ability).toBe(first.authority.ability);
    expect(again.principal).toMatchObject({ userId: 'u1', sessionId: 's2', departmentId: 'd1', roles: ['nurse'] });
    expect(first.authority.ability.can('read', 'users')).toBe(true);

    const changed = authority.of('u1', 's1', { ...user, permissions: ['patients:read:department'] }, at(1_000));
    expect(changed.authority.ability).not.toBe(first.authority.ability);
    expect(changed.authority.ability.can('read', 'users')).toBe(false);
  });

  it('never lets an ability outlive the earliest grant it includes', () => {
    const authority = new SnapshotAuthority();
    const user = snapshot([
      { grantId: 'g1', patientId: 'p1', expiresAt: at(2_000) },
      { grantId: 'g2', patientId: 'p2', expiresAt: at(5_000) },
    ]);
    const before = authority.of('u1', 's1', user, at(0));
    expect(before.authority.validUntilMs).toBe(at(2_000).getTime());
    expect(before.authority.ability.can('read', patient('p1'))).toBe(true);
    expect(authority.of('u1', 's1', user, at(1_999)).authority.ability).toBe(before.authority.ability);

    const after = authority.of('u1', 's1', user, at(2_000));
    expect(after.authority.ability).not.toBe(before.authority.ability);
    expect(after.authority.ability.can('read', patient('p1'))).toBe(false);
    expect(after.authority.ability.can('read', patient('p2'))).toBe(true);
    expect(after.principal.emergencyGrants.map((g) => g.grantId)).toEqual(['g2']);

    const none = authority.of('u1', 's1', user, at(5_000));
    expect(none.authority.ability.can('read', patient('p2'))).toBe(false);
    expect(none.principal.emergencyGrants).toEqual([]);
    expect(none.authority.validUntilMs).toBe(Infinity);
  });

  it('builds anew for another user given the same snapshot object: an own scope names the user', () => {
    const authority = new SnapshotAuthority();
    const user = { ...snapshot(), permissions: ['patients:read:own'] };
    const mine = authority.of('u1', 's1', user, at(0)).authority.ability;
    expect(authority.of('u2', 's2', user, at(0)).authority.ability).not.toBe(mine);
  });
});
