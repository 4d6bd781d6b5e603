import { covers, parsePermission } from '@hms/authz';

/** Permissions in `granting` that `held` does not cover: nobody grants what they do not hold. */
export function ungrantable(held: readonly string[], granting: readonly string[]): string[] {
  const heldParsed = held.map(parsePermission).filter((p) => p !== undefined);
  return granting.filter((value) => {
    const wanted = parsePermission(value);
    return !wanted || !heldParsed.some((h) => covers(h, wanted));
  });
}

/** Permissions not in the catalogue (malformed, unknown, or with a scope the permission does not offer). */
export function unknownPermissions(catalogue: ReadonlySet<string>, permissions: readonly string[]): string[] {
  return permissions.filter((p) => !catalogue.has(p));
}
