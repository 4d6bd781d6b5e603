import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { SessionRepository } from '../../infrastructure/session.repository.js';
import { UserRepository } from '../../infrastructure/user.repository.js';
import { UserReadScope } from '../user-read-scope.js';
import { ListUserSessions, type SessionView } from './list-user-sessions.query.js';
import { APP_CONFIG } from '../../../../config/config.module.js';
import type { AppConfig } from '../../../../config/app-config.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

/** A user's open sessions (not revoked, expired or idle), newest first, so an administrator can end one. */
@QueryHandler(ListUserSessions)
export class ListUserSessionsHandler implements IQueryHandler<ListUserSessions, SessionView[]> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly scope: UserReadScope,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ userId, ability, actor }: ListUserSessions): Promise<SessionView[]> {
    const user = await this.users.findById(this.uow.manager(), userId);
    if (!user) throw new NotFoundError('User', userId);
    await this.scope.assertReadable(ability, actor, user);
    const rows = await this.sessions.listOpen(this.uow.manager(), userId, this.config.auth.sessionIdleTimeoutSeconds);
    return rows.map((s) => ({
      id: s.id,
      createdAt: s.created_at,
      expiresAt: s.expires_at,
      lastRefreshedAt: s.last_refreshed_at,
      ip: s.ip,
      userAgent: s.user_agent,
    }));
  }
}
