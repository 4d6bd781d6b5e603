import { BuiltInRoleError, RoleInUseError } from './auth-errors.js';
import { ADMIN_ROLE } from './built-in-roles.js';

interface RoleFacts {
  readonly name: string;
  readonly builtIn: boolean;
}

/** The admin role holds every permission by definition, so nobody edits it; other built-in roles are tunable. */
export function assertEditable(role: RoleFacts): void {
  if (role.name === ADMIN_ROLE) throw new BuiltInRoleError('The admin role holds every permission and cannot be edited');
}

/** Built-in roles are referenced by name (seed, bootstrap), and a held role would strip its holders silently. */
export function assertDeletable(role: RoleFacts, holderCount: number): void {
  if (role.builtIn) throw new BuiltInRoleError('Built-in roles cannot be deleted');
  if (holderCount > 0) throw new RoleInUseError(holderCount);
}
