import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Principal } from '@hms/authz';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import type { TransactionContext } from '../../../../infrastructure/database/transaction-context.js';
import { assertAnotherAdminRemains } from '../../domain/admin-policy.js';
import { CannotGrantError, SelfGrantError, UnknownRoleError } from '../../domain/auth-errors.js';
import { ADMIN_ROLE } from '../../domain/built-in-roles.js';
import { diffSets } from '../../domain/change-set.js';
import { ungrantable } from '../../domain/grant-policy.js';
import { UserRolesAssigned } from '../../domain/user-events.js';
import { AuthStateStore } from '../../infrastructure/auth-state.store.js';
import { RoleRepository } from '../../infrastructure/role.repository.js';
import { UserRepository } from '../../infrastructure/user.repository.js';
import { auditSelfGrant } from '../self-grant-refusal.js';
import type { UserView } from '../user-view.js';
import { UserViews } from '../user-views.js';
import { AssignUserRoles } from './assign-user-roles.command.js';
import { sqlStateOf } from '../../../../infrastructure/database/sql-state.js';

/**
 * Sets a user's roles. Only roles being added are checked against the
 * caller's own permissions (nobody but admin grants what they do not hold)
 * and refused on the caller's own account (audited); taking roles away needs
 * no such check, except that the last active administrator keeps the admin
 * role. The new roles count on the user's next request.
 */
@CommandHandler(AssignUserRoles)
export class AssignUserRolesHandler implements ICommandHandler<AssignUserRoles, UserView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly roles: RoleRepository,
    private readonly views: UserViews,
    private readonly authState: AuthStateStore,
  ) {}

  async execute({ principal, actor, userId, roles: requested }: AssignUserRoles): Promise<UserView> {
    const wanted = [...new Set(requested)];
    const { view, changed } = await this.uow
      .run(actor, async (tx) => this.assign(tx, principal, userId, wanted))
      .catch(
        auditSelfGrant(this.uow, actor, {
          userId: principal.userId,
          permission: 'users:manage',
          resourceType: 'User',
          resourceId: userId,
        }),
      );
    if (changed) await this.authState.forgetUsers([userId]);
    return view;
  }

  private async assign(
    tx: TransactionContext,
    principal: Principal,
    userId: string,
    wanted: readonly string[],
  ): Promise<{ view: UserView; changed: boolean }> {
    // Same lock order as deactivation: admins, then the user.
    const activeAdmins = await this.users.lockActiveAdmins(tx.manager, ADMIN_ROLE);
    const user = await this.users.findById(tx.manager, userId, true);
    if (!user) throw new NotFoundError('User', userId);
    const current = await this.users.roleNamesOf(tx.manager, userId);
    const found = await this.roles.findByNames(tx.manager, wanted);
    const missing = wanted.filter((name) => !found.some((r) => r.name === name));
    if (missing.length) throw new UnknownRoleError(missing);

    const { added, removed } = diffSets(current, wanted);
    if (added.length > 0 && userId === principal.userId) throw new SelfGrantError('roles');
    const refused = ungrantable(
      principal,
      found.filter((r) => added.includes(r.name)).flatMap((r) => r.permissions),
    );
    if (refused.length) throw new CannotGrantError([...new Set(refused)]);
    if (removed.includes(ADMIN_ROLE))
      assertAnotherAdminRemains(activeAdmins, { id: userId, status: user.status, roles: current });
    if (added.length === 0 && removed.length === 0) return { view: await this.views.load(tx.manager, userId), changed: false };

    try {
      await this.users.setRoles(
        tx.manager,
        userId,
        found.map((r) => r.id),
      );
    } catch (error) {
      // A role deleted since we read it.
      if (sqlStateOf(error) === '23503') throw new UnknownRoleError(added);
      throw error;
    }
    const version = await this.users.update(tx.manager, userId, {});
    tx.record(new UserRolesAssigned(userId, version, [...wanted].sort(), current));
    return { view: await this.views.load(tx.manager, userId), changed: true };
  }
}
