import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { anonymousActor, uuidv7 } from '@hms/ddd';
import { APP_CONFIG } from '../../../../config/config.module.js';
import type { AppConfig } from '../../../../config/app-config.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { InvalidCredentialsError } from '../../domain/auth-errors.js';
import { isLocked, registerFailure } from '../../domain/lockout-policy.js';
import { accessTokenExpiry } from '../../domain/session-policy.js';
import { LoginFailed, LoginSucceeded } from '../../domain/session-events.js';
import { AccountLocked } from '../../domain/user-events.js';
import { AuthStateStore } from '../../infrastructure/auth-state.store.js';
import { EmailKey } from '../../infrastructure/email-key.js';
import { PasswordHasher } from '../../infrastructure/password-hasher.js';
import { SessionRepository } from '../../infrastructure/session.repository.js';
import { TokenService } from '../../infrastructure/token-service.js';
import { UserRepository } from '../../infrastructure/user.repository.js';
import type { AuthTokens } from '../auth-tokens.js';
import { Login } from './login.command.js';

/**
 * Signs a user in. Unknown email, wrong password, locked and deactivated
 * accounts all get the same answer after the same argon2 work. A failure
 * still commits (its count and its audit event) before the 401 goes out.
 */
@CommandHandler(Login)
export class LoginHandler implements ICommandHandler<Login, AuthTokens> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly emailKey: EmailKey,
    private readonly authState: AuthStateStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ email, password, ip, userAgent }: Login): Promise<AuthTokens> {
    // Hash outside the transaction: argon2 takes tens of milliseconds, a row lock should not.
    const candidate = await this.users.findByEmail(this.uow.manager(), email);
    const passwordOk = await this.hasher.verify(candidate?.password_hash ?? null, password);
    const actor = anonymousActor(ip, userAgent);

    const outcome = await this.uow.run(actor, async (tx) => {
      const now = new Date();
      const user = candidate && (await this.users.findById(tx.manager, candidate.id, true));
      if (!user) {
        tx.record(new LoginFailed(this.emailKey.of(email), 'unknown-email', null));
        return { ok: false as const };
      }
      if (user.status === 'deactivated') {
        tx.record(new LoginFailed(this.emailKey.of(email), 'deactivated', user.id));
        return { ok: false as const };
      }
      if (isLocked(user.status, user.locked_until, now)) {
        tx.record(new LoginFailed(this.emailKey.of(email), 'locked', user.id));
        return { ok: false as const };
      }
      if (!passwordOk) {
        const failure = registerFailure(
          { failedCount: user.failed_login_count, firstFailedAt: user.first_failed_login_at },
          now,
          this.config.auth.lockout,
        );
        await this.users.recordLoginState(tx.manager, user.id, failure);
        tx.record(new LoginFailed(this.emailKey.of(email), 'wrong-password', user.id));
        if (failure.locked) {
          const version = await this.users.update(tx.manager, user.id, {
            status: 'locked',
            locked_until: failure.lockUntil ?? null,
          });
          tx.record(new AccountLocked(user.id, version, failure.failedCount, failure.lockUntil ?? null));
          return { ok: false as const, lockedUserId: user.id };
        }
        return { ok: false as const };
      }

      if (user.status === 'locked') await this.users.update(tx.manager, user.id, { status: 'active', locked_until: null });
      await this.users.recordLoginState(tx.manager, user.id, { failedCount: 0, firstFailedAt: null, lastLoginAt: now });
      const sessionId = uuidv7();
      const sessionExpiresAt = new Date(now.getTime() + this.config.auth.sessionAbsoluteTtlSeconds * 1000);
      const refresh = this.tokens.newRefreshToken();
      await this.sessions.create(
        tx.manager,
        { id: sessionId, userId: user.id, expiresAt: sessionExpiresAt, ip, userAgent },
        refresh.hash,
      );
      tx.record(new LoginSucceeded(sessionId, user.id));
      return {
        ok: true as const,
        userId: user.id,
        sessionId,
        sessionExpiresAt,
        refreshToken: refresh.token,
        now,
        wasLocked: user.status === 'locked',
      };
    });

    if (!outcome.ok) {
      if (outcome.lockedUserId) await this.authState.forgetUsers([outcome.lockedUserId]);
      throw new InvalidCredentialsError();
    }
    if (outcome.wasLocked) await this.authState.forgetUsers([outcome.userId]);
    const expiresAt = accessTokenExpiry(outcome.now, this.config.auth.accessTokenTtlSeconds, outcome.sessionExpiresAt);
    return {
      accessToken: await this.tokens.signAccessToken({ userId: outcome.userId, sessionId: outcome.sessionId }, expiresAt),
      refreshToken: outcome.refreshToken,
      tokenType: 'Bearer',
      expiresIn: Math.floor((expiresAt.getTime() - outcome.now.getTime()) / 1000),
    };
  }
}
