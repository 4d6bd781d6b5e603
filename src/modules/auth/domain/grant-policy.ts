import { covers, parsePermission } from '@hms/authz';
import { ADMIN_ROLE } from './built-in-roles.js';

/** Who grants: the roles they hold and what those roles give them. */
export interface Grantor {
  readonly roles: readonly string[];
  readonly permissions: readonly string[];
}

/**
 * Permissions in `granting` that the grantor may not grant. Nobody grants what
 * they do not hold, except holders of the admin role: it opens no patient
 * record (ADR 25), yet someone must give clinicians theirs, so it may grant
 * every permission. Whether the permissions exist is checked apart
 * (unknownPermissions).
 */
export function ungrantable(grantor: Grantor, granting: readonly string[]): string[] {
  if (grantor.roles.includes(ADMIN_ROLE)) return [];
  const heldParsed = grantor.permissions.map(parsePermission).filter((p) => p !== undefined);
  return granting.filter((value) => {
    const wanted = parsePermission(value);
    return !wanted || !heldParsed.some((h) => covers(h, wanted));
  });
}

/** Permissions not in the catalogue (malformed, unknown, or with a scope the permission does not offer). */
export function unknownPermissions(catalogue: ReadonlySet<string>, permissions: readonly string[]): string[] {
  return permissions.filter((p) => !catalogue.has(p));
}
