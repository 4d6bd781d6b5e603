import type { Principal } from '@hms/authz';

/**
 * The hospitals whose batches a reader sees: all (intake:read without
 * scope), else their own (none when they belong to no hospital); a batch of another hospital
 * is answered as not found, like a record out of scope.
 */
export function readableHospital(principal: Principal): { readonly all: true } | { readonly hospitalId: string | null } {
  if (principal.permissions.includes('intake:read')) return { all: true };
  return { hospitalId: principal.hospitalId };
}

export function mayReadBatch(principal: Principal, hospitalId: string): boolean {
  const scope = readableHospital(principal);
  return 'all' in scope || scope.hospitalId === hospitalId;
}
