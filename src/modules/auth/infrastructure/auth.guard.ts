import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  AccessDenied,
  type AuthenticatedRequest,
  buildAbility,
  IS_PUBLIC,
  parsePermission,
  type Principal,
  REQUIRED_PERMISSION,
} from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { Request } from 'express';
import { RequestContext } from '../../../infrastructure/context/request-context.js';
import { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { InvalidTokenError, PermissionRequiredError, SessionEndedError } from '../domain/auth-errors.js';
import { isLocked } from '../domain/lockout-policy.js';
import { AuthStateStore } from './auth-state.store.js';
import { TokenService } from './token-service.js';

/**
 * Global guard: every route needs a valid access token unless marked
 * @Public(). On each request it checks the token, then the session and the
 * user's current state and permissions (Redis, falling back to PostgreSQL),
 * so a revoked session, a deactivated user or a changed role counts at once.
 * A route that declares no permission is refused: closed by default.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly state: AuthStateStore,
    private readonly uow: UnitOfWork,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
    if (!match) throw new InvalidTokenError('Send the access token as Authorization: Bearer <token>');
    const claims = await this.tokens.verifyAccessToken(match[1]);

    const now = new Date();
    const { session, user } = await this.state.load(claims.userId, claims.sessionId);
    if (!session || session.userId !== claims.userId || session.revokedAt || session.expiresAt <= now)
      throw new SessionEndedError();
    if (!user || user.status === 'deactivated' || isLocked(user.status, user.lockedUntil, now)) throw new SessionEndedError();

    const principal: Principal = {
      userId: claims.userId,
      sessionId: claims.sessionId,
      roles: user.roles,
      permissions: user.permissions,
      hospitalId: user.hospitalId,
      departmentId: user.departmentId,
      emergencyGrants: user.grants,
    };
    const actor: Actor = {
      kind: 'user',
      id: principal.userId,
      roles: principal.roles,
      sessionId: principal.sessionId,
      hospitalId: principal.hospitalId,
      departmentId: principal.departmentId,
      ip: req.ip,
      userAgent: req.get('user-agent')?.slice(0, 500),
    };
    req.principal = principal;
    req.ability = buildAbility(principal, now);
    req.actor = actor;
    const requestContext = RequestContext.current();
    if (requestContext) requestContext.actor = actor;

    const required = this.reflector.getAllAndOverride<string | null | undefined>(REQUIRED_PERMISSION, targets);
    if (required === null) return true;
    const permission = required ? parsePermission(required) : undefined;
    if (required === undefined || !permission) {
      this.logger.error({ route: (req.route as { path?: string } | undefined)?.path }, 'route declares no permission; refusing');
    }
    if (permission && req.ability.can(permission.action, permission.resource)) return true;

    await this.uow.record(
      actor,
      new AccessDenied({
        userId: principal.userId,
        reason: 'missing-permission',
        permission: required ?? null,
        method: req.method,
        route: (req.route as { path?: string } | undefined)?.path ?? null,
      }),
    );
    throw new PermissionRequiredError(required ?? 'a declared permission');
  }
}
