import { type AppAbility, buildAbility, type EmergencyGrant, grantsInForce, type Principal } from '@hms/authz';
import type { UserSnapshot } from './auth-state.store.js';

/** What a user snapshot authorizes at a moment: its grants then in force, and the CASL ability. */
export interface Authority {
  readonly grants: readonly EmergencyGrant[];
  readonly ability: AppAbility;
  /** When the first of those grants expires: the ability opens one record too many from then on. */
  readonly validUntilMs: number;
}

/**
 * Abilities built once per user snapshot instead of once per request: a
 * snapshot served from process memory (ADR 27) is the same object on every
 * request, so its ability is found by identity; a changed snapshot is a new
 * object, and builds its own. An ability is rebuilt once the earliest grant
 * it includes expires. Nothing holds a snapshot but the local cache, so an
 * entry goes with it.
 */
export class SnapshotAuthority {
  private readonly built = new WeakMap<UserSnapshot, Authority & { readonly userId: string }>();

  of(userId: string, sessionId: string, user: UserSnapshot, now: Date): { principal: Principal; authority: Authority } {
    let authority = this.built.get(user);
    if (!authority || authority.userId !== userId || now.getTime() >= authority.validUntilMs) {
      const grants = grantsInForce(principalOf(userId, sessionId, user, user.grants), now);
      const ability = buildAbility(principalOf(userId, sessionId, user, grants), now);
      const validUntilMs = Math.min(...grants.map((g) => g.expiresAt.getTime()));
      authority = { userId, grants, ability, validUntilMs };
      this.built.set(user, authority);
    }
    return { principal: principalOf(userId, sessionId, user, authority.grants), authority };
  }
}

function principalOf(userId: string, sessionId: string, user: UserSnapshot, grants: readonly EmergencyGrant[]): Principal {
  return {
    userId,
    sessionId,
    roles: user.roles,
    permissions: user.permissions,
    hospitalId: user.hospitalId,
    departmentId: user.departmentId,
    emergencyGrants: grants,
  };
}
