import { LastAdminError } from './auth-errors.js';
import { ADMIN_ROLE } from './built-in-roles.js';

/**
 * Refuses a change that would leave no active administrator: one who holds
 * the admin role and is active, and would stop being either. `activeAdmins`
 * must be read under lock (SELECT ... FOR UPDATE) so two removals cannot race.
 */
export function assertAnotherAdminRemains(
  activeAdmins: readonly string[],
  user: { readonly id: string; readonly status: string; readonly roles: readonly string[] },
): void {
  const isActiveAdmin = user.status === 'active' && user.roles.includes(ADMIN_ROLE);
  if (isActiveAdmin && !activeAdmins.some((id) => id !== user.id)) throw new LastAdminError();
}
