import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { anonymousActor } from '@hms/ddd';
import { APP_CONFIG } from '../../../../config/config.module.js';
import type { AppConfig } from '../../../../config/app-config.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { RefreshTokenReusedError, SessionEndedError } from '../../domain/auth-errors.js';
import { accessTokenExpiry, sessionEndReason } from '../../domain/session-policy.js';
import { RefreshTokenReused } from '../../domain/session-events.js';
import { AuthStateStore } from '../../infrastructure/auth-state.store.js';
import { SessionRepository } from '../../infrastructure/session.repository.js';
import { TokenService } from '../../infrastructure/token-service.js';
import { UserRepository } from '../../infrastructure/user.repository.js';
import type { AuthTokens } from '../auth-tokens.js';
import { RefreshSession } from './refresh-session.command.js';

/**
 * Rotates a refresh token: each is good once. Presenting a used one means it
 * was copied, so the whole session (every token descended from the login) is
 * revoked, and the event audited.
 */
@CommandHandler(RefreshSession)
export class RefreshSessionHandler implements ICommandHandler<RefreshSession, AuthTokens> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
    private readonly authState: AuthStateStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ refreshToken, ip, userAgent }: RefreshSession): Promise<AuthTokens> {
    const usedHash = TokenService.hashRefreshToken(refreshToken);
    const outcome = await this.uow.run(anonymousActor(ip, userAgent), async (tx) => {
      const now = new Date();
      const row = await this.sessions.findRefreshTokenForUpdate(tx.manager, usedHash);
      if (!row) return { result: 'ended' as const };
      if (row.used_at) {
        if (await this.sessions.revoke(tx.manager, row.session_id, 'refresh-token-reuse')) {
          tx.record(new RefreshTokenReused(row.session_id, row.user_id));
        }
        return { result: 'reused' as const, sessionId: row.session_id };
      }
      const ended = sessionEndReason(
        { expiresAt: row.expires_at, lastSeenAt: row.last_seen_at, revokedAt: row.revoked_at },
        now,
        this.config.auth.sessionIdleTimeoutSeconds,
      );
      const user = await this.users.findById(tx.manager, row.user_id);
      // A lock is about sign-in, not sessions (ADR 21): a session of a locked account refreshes.
      if (ended || !user || user.status === 'deactivated') {
        return { result: 'ended' as const };
      }
      const next = this.tokens.newRefreshToken();
      await this.sessions.rotate(tx.manager, row.session_id, usedHash, next.hash);
      return {
        result: 'ok' as const,
        userId: row.user_id,
        sessionId: row.session_id,
        sessionExpiresAt: row.expires_at,
        refreshToken: next.token,
        now,
      };
    });

    if (outcome.result === 'reused') {
      await this.authState.forgetSessions([outcome.sessionId]);
      throw new RefreshTokenReusedError();
    }
    if (outcome.result === 'ended') throw new SessionEndedError();
    // The cached session state holds the activity time the refresh just moved.
    await this.authState.forgetSessions([outcome.sessionId]);
    const expiresAt = accessTokenExpiry(outcome.now, this.config.auth.accessTokenTtlSeconds, outcome.sessionExpiresAt);
    return {
      accessToken: await this.tokens.signAccessToken({ userId: outcome.userId, sessionId: outcome.sessionId }, expiresAt),
      refreshToken: outcome.refreshToken,
      tokenType: 'Bearer',
      expiresIn: Math.floor((expiresAt.getTime() - outcome.now.getTime()) / 1000),
    };
  }
}
