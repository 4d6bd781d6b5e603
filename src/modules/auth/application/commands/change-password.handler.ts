import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { InvalidCredentialsError, WeakPasswordError } from '../../domain/auth-errors.js';
import { checkPassword } from '../../domain/password-policy.js';
import { PasswordChanged } from '../../domain/user-events.js';
import { AuthStateStore } from '../../infrastructure/auth-state.store.js';
import { PasswordHasher } from '../../infrastructure/password-hasher.js';
import { SessionRepository } from '../../infrastructure/session.repository.js';
import { UserRepository } from '../../infrastructure/user.repository.js';
import { ChangePassword } from './change-password.command.js';

/** A user changes their own password; every other session of theirs ends. */
@CommandHandler(ChangePassword)
export class ChangePasswordHandler implements ICommandHandler<ChangePassword, void> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly authState: AuthStateStore,
  ) {}

  async execute({ principal, actor, currentPassword, newPassword }: ChangePassword): Promise<void> {
    const user = await this.users.findById(this.uow.manager(), principal.userId);
    if (!user || !(await this.hasher.verify(user.password_hash, currentPassword))) throw new InvalidCredentialsError();
    const problems = await checkPassword(newPassword, { email: user.email, displayName: user.display_name });
    if (await this.hasher.verify(user.password_hash, newPassword))
      problems.push({ field: 'newPassword', message: 'must differ from the current password' });
    if (problems.length) throw new WeakPasswordError(problems.map((p) => ({ ...p, field: 'newPassword' })));
    const passwordHash = await this.hasher.hash(newPassword);

    const ended = await this.uow.run(actor, async (tx) => {
      const version = await this.users.update(tx.manager, user.id, {
        password_hash: passwordHash,
        password_changed_at: new Date(),
      });
      const ids = await this.sessions.revokeAllOf(tx.manager, user.id, 'password-changed', principal.sessionId);
      tx.record(new PasswordChanged(user.id, version, ids.length, false));
      return ids;
    });
    await this.authState.forgetSessions(ended);
  }
}
