import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { LoggedOut } from '../../domain/session-events.js';
import { AuthStateStore } from '../../infrastructure/auth-state.store.js';
import { SessionRepository } from '../../infrastructure/session.repository.js';
import { Logout } from './logout.command.js';

@CommandHandler(Logout)
export class LogoutHandler implements ICommandHandler<Logout, void> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly sessions: SessionRepository,
    private readonly authState: AuthStateStore,
  ) {}

  async execute({ principal, actor, allSessions }: Logout): Promise<void> {
    const ended = await this.uow.run(actor, async (tx) => {
      const ids = allSessions
        ? await this.sessions.revokeAllOf(tx.manager, principal.userId, 'logout-all')
        : (await this.sessions.revoke(tx.manager, principal.sessionId, 'logout'))
          ? [principal.sessionId]
          : [];
      tx.record(new LoggedOut(principal.sessionId, principal.userId, allSessions));
      return ids;
    });
    await this.authState.forgetSessions(ended);
  }
}
