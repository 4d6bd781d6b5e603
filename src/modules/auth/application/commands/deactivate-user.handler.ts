import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConflictError, NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { assertAnotherAdminRemains } from '../../domain/admin-policy.js';
import { ADMIN_ROLE } from '../../domain/built-in-roles.js';
import { UserDeactivated } from '../../domain/user-events.js';
import { AuthStateStore } from '../../infrastructure/auth-state.store.js';
import { SessionRepository } from '../../infrastructure/session.repository.js';
import { UserRepository } from '../../infrastructure/user.repository.js';
import type { UserView } from '../user-view.js';
import { UserViews } from '../user-views.js';
import { DeactivateUser } from './deactivate-user.command.js';

/** Ends an account: no sign-in, every session revoked, effective on the user's very next request. */
@CommandHandler(DeactivateUser)
export class DeactivateUserHandler implements ICommandHandler<DeactivateUser, UserView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly views: UserViews,
    private readonly authState: AuthStateStore,
  ) {}

  async execute({ principal, actor, userId }: DeactivateUser): Promise<UserView> {
    if (principal.userId === userId) throw new ConflictError('You cannot deactivate your own account');
    const { view, ended } = await this.uow.run(actor, async (tx) => {
      // Admins first, then the user, always in this order, so concurrent deactivations queue instead of deadlocking.
      const activeAdmins = await this.users.lockActiveAdmins(tx.manager, ADMIN_ROLE);
      const user = await this.users.findById(tx.manager, userId, true);
      if (!user) throw new NotFoundError('User', userId);
      if (user.status === 'deactivated') return { view: await this.views.load(tx.manager, userId), ended: [] };
      const roles = await this.users.roleNamesOf(tx.manager, userId);
      assertAnotherAdminRemains(activeAdmins, { id: userId, status: user.status, roles });
      const version = await this.users.update(tx.manager, userId, { status: 'deactivated' });
      const sessionIds = await this.sessions.revokeAllOf(tx.manager, userId, 'deactivated');
      tx.record(new UserDeactivated(userId, version));
      return { view: await this.views.load(tx.manager, userId), ended: sessionIds };
    });
    await this.authState.forgetUsers([userId]);
    await this.authState.forgetSessions(ended);
    return view;
  }
}
