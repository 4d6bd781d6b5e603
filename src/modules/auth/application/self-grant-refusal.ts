import { AccessDenied } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { SelfGrantError } from '../domain/auth-errors.js';

/**
 * A catch handler for a unit of work that may refuse a self-grant: the
 * refusal is audited in its own commit (the refused work rolled back), then
 * the error goes on to become the 403.
 */
export function auditSelfGrant(
  uow: UnitOfWork,
  actor: Actor,
  denied: { readonly userId: string; readonly permission: string; readonly resourceType: string; readonly resourceId: string },
) {
  return async (error: unknown): Promise<never> => {
    if (error instanceof SelfGrantError) await uow.record(actor, new AccessDenied({ ...denied, reason: 'self-grant' }));
    throw error;
  };
}
