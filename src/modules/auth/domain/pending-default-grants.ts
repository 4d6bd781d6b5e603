import { ADMIN_ROLE } from './built-in-roles.js';

/** A built-in role as the reconcile finds it. */
export interface BuiltInRoleGrants {
  readonly name: string;
  readonly permissions: readonly string[];
  /** Defaults given to it before (by a migration or an earlier reconcile), whether it still holds them or not. */
  readonly applied: readonly string[];
}

export interface PendingDefaultGrants {
  /** Defaults to record as applied from now on. */
  readonly record: string[];
  /** Permissions to add to the role. */
  readonly grant: string[];
  /** Permissions to take from the role: only admin's, whose set is fixed. */
  readonly revoke: string[];
}

/**
 * What reconciling the role matrix does to one built-in role: each default
 * not applied before is recorded and granted (unless already held). A default
 * applied before is never granted again, so one an administrator removed
 * stays removed; nothing is taken from other roles. Admin cannot be edited
 * and holds exactly its defaults (the administrative permissions): it gets any
 * it lacks whatever was applied, and loses any other, such as the patient
 * permissions it held before ADR 25.
 */
export function pendingDefaultGrants(role: BuiltInRoleGrants, defaults: readonly string[]): PendingDefaultGrants {
  const applied = new Set(role.applied);
  const held = new Set(role.permissions);
  const wanted = [...new Set(defaults)].sort();
  const record = wanted.filter((permission) => !applied.has(permission));
  const admin = role.name === ADMIN_ROLE;
  const grant = (admin ? wanted : record).filter((permission) => !held.has(permission));
  const revoke = admin ? [...held].filter((permission) => !wanted.includes(permission)).sort() : [];
  return { record, grant, revoke };
}
