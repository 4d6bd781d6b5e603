import { AbilityBuilder, createMongoAbility, type ForcedSubject, type MongoAbility, type MongoQuery } from '@casl/ability';
import { parsePermission, type Scope } from './permission.js';
import type { EmergencyGrant, Principal } from './principal.js';

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

/**
 * The resource whose CASL rule break-the-glass opens: the master patient
 * record. Other contexts' records of the patient are opened by the same
 * grants through patientScopeConditions, applied to their patient id column.
 */
export const EMERGENCY_RESOURCE = 'patients';

/** The principal's break-the-glass grants not yet expired. */
export function grantsInForce(principal: Principal, now: Date = new Date()): EmergencyGrant[] {
  return principal.emergencyGrants.filter((g) => g.expiresAt > now);
}

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
  const granted = grantsInForce(principal, now).map((g) => g.patientId);
  if (granted.length > 0) can('read', EMERGENCY_RESOURCE, { id: { $in: granted } } as never);
  return build();
}
