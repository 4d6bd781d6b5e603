import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { SessionRevoked } from '../../domain/session-events.js';
import { AuthStateStore } from '../../infrastructure/auth-state.store.js';
import { SessionRepository } from '../../infrastructure/session.repository.js';
import { RevokeUserSession } from './revoke-user-session.command.js';

const REASON = 'revoked-by-admin';

/** Ends one session of a user (a lost device): its tokens fail from the next request on. */
@CommandHandler(RevokeUserSession)
export class RevokeUserSessionHandler implements ICommandHandler<RevokeUserSession, void> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly sessions: SessionRepository,
    private readonly authState: AuthStateStore,
  ) {}

  async execute({ actor, userId, sessionId }: RevokeUserSession): Promise<void> {
    await this.uow.run(actor, async (tx) => {
      const session = await this.sessions.findById(tx.manager, sessionId);
      // Another user's session is not reachable through this user's path.
      if (!session || session.user_id !== userId) throw new NotFoundError('Session', sessionId);
      // Revoking an ended session again changes nothing and records nothing.
      if (await this.sessions.revoke(tx.manager, sessionId, REASON)) tx.record(new SessionRevoked(sessionId, userId, REASON));
    });
    await this.authState.forgetSessions([sessionId]);
  }
}
