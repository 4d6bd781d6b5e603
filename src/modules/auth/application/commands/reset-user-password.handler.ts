import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { CannotGrantError, WeakPasswordError } from '../../domain/auth-errors.js';
import { ungrantable } from '../../domain/grant-policy.js';
import { checkPassword } from '../../domain/password-policy.js';
import { PasswordChanged } from '../../domain/user-events.js';
import { AuthStateStore } from '../../infrastructure/auth-state.store.js';
import { PasswordHasher } from '../../infrastructure/password-hasher.js';
import { RoleRepository } from '../../infrastructure/role.repository.js';
import { SessionRepository } from '../../infrastructure/session.repository.js';
import { UserRepository } from '../../infrastructure/user.repository.js';
import { ResetUserPassword } from './reset-user-password.command.js';

/**
 * An administrator sets a new password for a user (forgotten password):
 * every session of the user ends. Whoever sets a password can sign in as
 * that user, so the caller must hold every permission the user holds, the
 * same rule as granting: a user manager cannot take over an administrator.
 */
@CommandHandler(ResetUserPassword)
export class ResetUserPasswordHandler implements ICommandHandler<ResetUserPassword, void> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly roles: RoleRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly authState: AuthStateStore,
  ) {}

  async execute({ principal, actor, userId, newPassword }: ResetUserPassword): Promise<void> {
    const user = await this.users.findById(this.uow.manager(), userId);
    if (!user) throw new NotFoundError('User', userId);
    const problems = await checkPassword(newPassword, { email: user.email, displayName: user.display_name });
    if (problems.length) throw new WeakPasswordError(problems.map((p) => ({ ...p, field: 'newPassword' })));
    // Hash outside the transaction: argon2 takes tens of milliseconds, a row lock should not.
    const passwordHash = await this.hasher.hash(newPassword);

    const ended = await this.uow.run(actor, async (tx) => {
      if (!(await this.users.findById(tx.manager, userId, true))) throw new NotFoundError('User', userId);
      const held = await this.roles.findByNames(tx.manager, await this.users.roleNamesOf(tx.manager, userId));
      const refused = ungrantable(
        principal,
        held.flatMap((r) => r.permissions),
      );
      if (refused.length) throw new CannotGrantError([...new Set(refused)]);
      const version = await this.users.update(tx.manager, userId, {
        password_hash: passwordHash,
        password_changed_at: new Date(),
      });
      const sessionIds = await this.sessions.revokeAllOf(tx.manager, userId, 'password-reset');
      tx.record(new PasswordChanged(userId, version, sessionIds.length, true));
      return sessionIds;
    });
    await this.authState.forgetSessions(ended);
  }
}
