import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { UserUnlocked } from '../../domain/user-events.js';
import { AuthStateStore } from '../../infrastructure/auth-state.store.js';
import { EmailKey } from '../../infrastructure/email-key.js';
import { SignInThrottleRepository } from '../../infrastructure/sign-in-throttle.repository.js';
import { UserRepository } from '../../infrastructure/user.repository.js';
import type { UserView } from '../user-view.js';
import { UserViews } from '../user-views.js';
import { UnlockUser } from './unlock-user.command.js';

/**
 * Lifts a lockout and clears the failure counts (the account's and its throttles'). Unlocking an account that is
 * not locked only clears the count (harmless, so it answers 200); it never
 * reactivates a deactivated account.
 */
@CommandHandler(UnlockUser)
export class UnlockUserHandler implements ICommandHandler<UnlockUser, UserView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly views: UserViews,
    private readonly authState: AuthStateStore,
    private readonly throttles: SignInThrottleRepository,
    private readonly emailKey: EmailKey,
  ) {}

  async execute({ actor, userId }: UnlockUser): Promise<UserView> {
    const { view, unlocked } = await this.uow.run(actor, async (tx) => {
      const user = await this.users.findById(tx.manager, userId, true);
      if (!user) throw new NotFoundError('User', userId);
      await this.users.recordLoginState(tx.manager, userId, { failedCount: 0, firstFailedAt: null });
      // Or the next failure would lock it again at once: the addresses that failed on it are still counted.
      await this.throttles.forgetAccount(tx.manager, this.emailKey.of(user.email));
      const locked = user.status === 'locked';
      if (locked) {
        const version = await this.users.update(tx.manager, userId, { status: 'active', locked_until: null });
        tx.record(new UserUnlocked(userId, version));
      }
      return { view: await this.views.load(tx.manager, userId), unlocked: locked };
    });
    if (unlocked) await this.authState.forgetUsers([userId]);
    return view;
  }
}
