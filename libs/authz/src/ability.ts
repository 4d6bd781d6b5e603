import { AbilityBuilder, createMongoAbility, type ForcedSubject, type MongoAbility, type MongoQuery } from '@casl/ability';
import { parsePermission, type Scope } from './permission.js';
import type { Principal } from './principal.js';

/**
 * Subjects checked against scopes expose who and what they are linked to:
 * the users responsible for or caring for them, and their departments and
 * hospitals. Scope conditions are written against these three fields.
 */
export interface ScopedSubject {
  readonly id: string;
  readonly linkedUserIds: readonly string[];
  readonly departmentIds: readonly string[];
  readonly hospitalIds: readonly string[];
}

/** A resource name (`'patients'`), or a record tagged with one through CASL's `subject()`. */
export type AppSubject = string | (object & ForcedSubject<string>);
export type AppAbility = MongoAbility<[string, AppSubject], MongoQuery>;

/** The resource whose records break-the-glass opens. */
export const EMERGENCY_RESOURCE = 'patients';

function conditionsFor(scope: Scope, principal: Principal): MongoQuery | undefined | null {
  switch (scope) {
    case 'all':
      return undefined;
    case 'hospital':
      return principal.hospitalId ? { hospitalIds: principal.hospitalId } : null;
    case 'department':
      return principal.departmentId ? { departmentIds: principal.departmentId } : null;
    case 'own':
      return { linkedUserIds: principal.userId };
  }
}

/**
 * Builds the CASL ability of a principal: each permission becomes a rule on
 * its resource, its scope a condition. A scoped permission whose anchor the
 * user lacks (no department for `:department`) grants nothing.
 */
export function buildAbility(principal: Principal, now: Date = new Date()): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  for (const value of principal.permissions) {
    const permission = parsePermission(value);
    if (!permission) continue;
    const conditions = conditionsFor(permission.scope, principal);
    if (conditions === null) continue;
    // Subjects are plain strings at the type level, so CASL types their conditions as never.
    if (conditions) can(permission.action, permission.resource, conditions as never);
    else can(permission.action, permission.resource);
  }
  const granted = principal.emergencyGrants.filter((g) => g.expiresAt > now).map((g) => g.patientId);
  if (granted.length > 0) can('read', EMERGENCY_RESOURCE, { id: { $in: granted } } as never);
  return build();
}
