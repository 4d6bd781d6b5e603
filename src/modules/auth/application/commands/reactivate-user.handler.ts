import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { UserReactivated } from '../../domain/user-events.js';
import { AuthStateStore } from '../../infrastructure/auth-state.store.js';
import { EmailKey } from '../../infrastructure/email-key.js';
import { SignInThrottleRepository } from '../../infrastructure/sign-in-throttle.repository.js';
import { UserRepository } from '../../infrastructure/user.repository.js';
import type { UserView } from '../user-view.js';
import { UserViews } from '../user-views.js';
import { ReactivateUser } from './reactivate-user.command.js';

/** Gives a deactivated account back, with a clean lockout count; other accounts are left as they are. */
@CommandHandler(ReactivateUser)
export class ReactivateUserHandler implements ICommandHandler<ReactivateUser, UserView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly views: UserViews,
    private readonly authState: AuthStateStore,
    private readonly throttles: SignInThrottleRepository,
    private readonly emailKey: EmailKey,
  ) {}

  async execute({ actor, userId }: ReactivateUser): Promise<UserView> {
    const { view, changed } = await this.uow.run(actor, async (tx) => {
      const user = await this.users.findById(tx.manager, userId, true);
      if (!user) throw new NotFoundError('User', userId);
      if (user.status !== 'deactivated') return { view: await this.views.load(tx.manager, userId), changed: false };
      const version = await this.users.update(tx.manager, userId, { status: 'active', locked_until: null });
      await this.users.recordLoginState(tx.manager, userId, { failedCount: 0, firstFailedAt: null });
      // Or the next failure would lock it again at once: the addresses that failed on it are still counted.
      await this.throttles.forgetAccount(tx.manager, this.emailKey.of(user.email));
      tx.record(new UserReactivated(userId, version));
      return { view: await this.views.load(tx.manager, userId), changed: true };
    });
    if (changed) await this.authState.forgetUsers([userId]);
    return view;
  }
}
