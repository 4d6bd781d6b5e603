import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import {
  AccessDenied,
  type AuthenticatedRequest,
  IS_PUBLIC,
  parsePermission,
  type Permission,
  type RecordRoute,
  REFUSED_AS_NOT_FOUND,
  REQUIRED_PERMISSION,
} from '@hms/authz';
import { type Actor, anonymousActor, DomainError, NotFoundError } from '@hms/ddd';
import type { Request } from 'express';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { RequestContext } from '../../../infrastructure/context/request-context.js';
import { UnitOfWork } from '../../../infrastructure/database/unit-of-work.js';
import { RefusedTokenRecorder } from '../application/refused-token-recorder.js';
import { InvalidTokenError, PermissionRequiredError, SessionEndedError } from '../domain/auth-errors.js';
import type { LoginFailureReason } from '../domain/session-events.js';
import { activityRecordDue, sessionEndReason } from '../domain/session-policy.js';
import { AuthStateStore, type SessionState, type UserSnapshot } from './auth-state.store.js';
import { bearerTokenOf } from './bearer-token.js';
import { SnapshotAuthority } from './snapshot-authority.js';
import { TokenService } from './token-service.js';
import { type VerifiedAccessToken, VerifiedTokenCache } from './verified-token-cache.js';

const EXPIRED = 'The access token has expired; refresh it';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a route's metadata asks of the guard, read once per route rather than on every request. */
interface RouteRules {
  readonly isPublic: boolean;
  /** The declared permission; null for @Authenticated(), undefined when the route declares none. */
  readonly required: string | null | undefined;
  readonly permission: Permission | undefined;
  readonly asNotFound: RecordRoute | undefined;
}

/**
 * Global guard: every route needs a valid access token unless marked
 * @Public(). A token verified before is taken from the cache; any other goes
 * through passport's 'jwt' strategy (JwtStrategy). Then, on every request,
 * the session and the user's current state and permissions are checked
 * (AuthStateStore: process memory, Redis, PostgreSQL), so a revoked session,
 * a deactivated user or a changed role counts on the next request (in other
 * processes within the bound of ADR 27), and a session idle for longer than
 * the idle timeout is refused even while its access token is still within its
 * `exp`. Activity is recorded at most once per interval per session
 * (activityRecordDue), not on every request. The ability is built once per
 * user snapshot (SnapshotAuthority), a route's metadata read once per route.
 * A refused token that carries our signature is audited as a failed sign-in.
 * A route that declares no permission is refused: closed by default. A
 * refusal is audited; on a record route marked refusedAsNotFound it answers
 * that record's 404.
 */
@Injectable()
export class AuthGuard extends PassportAuthGuard('jwt') implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);
  private readonly idleTimeoutSeconds: number;
  private readonly authority = new SnapshotAuthority();
  /** Per controller class, then handler: a handler inherited by two controllers may carry each one's metadata. */
  private readonly routes = new WeakMap<object, WeakMap<object, RouteRules>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly verified: VerifiedTokenCache,
    private readonly tokens: TokenService,
    private readonly refusals: RefusedTokenRecorder,
    private readonly state: AuthStateStore,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.idleTimeoutSeconds = config.auth.sessionIdleTimeoutSeconds;
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const route = this.rulesOf(context);
    if (route.isPublic) return true;

    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const token = bearerTokenOf(req);
    if (!token) throw new InvalidTokenError('Send the access token as Authorization: Bearer <token>');
    const claims = await this.verify(context, req, token);

    const now = new Date();
    const { session, user } = await this.state.load(claims.userId, claims.sessionId);
    const ended = endedBecause(claims, session, user, now, this.idleTimeoutSeconds);
    if (ended || !user || !session) {
      await this.refusals.record(token, claims.userId, ended ?? 'deactivated', anonymousActorOf(req));
      throw new SessionEndedError();
    }
    if (activityRecordDue(session.lastSeenAt, now, this.idleTimeoutSeconds)) {
      try {
        await this.state.recordActivity(claims.sessionId, now);
      } catch (error) {
        // The request is authenticated; the session merely ages until a later request records it.
        this.logger.warn({ err: error }, 'could not record session activity');
      }
    }

    const { principal, authority } = this.authority.of(claims.userId, claims.sessionId, user, now);
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
    req.ability = authority.ability;
    req.actor = actor;
    const requestContext = RequestContext.current();
    if (requestContext) requestContext.actor = actor;

    const { required, permission, asNotFound } = route;
    if (required === null) return true;
    if (required === undefined || !permission) {
      this.logger.error({ route: (req.route as { path?: string } | undefined)?.path }, 'route declares no permission; refusing');
    }
    if (permission && req.ability.can(permission.action, permission.resource)) return true;

    const recordId = asNotFound ? req.params[asNotFound.param] : undefined;
    await this.uow.record(
      actor,
      new AccessDenied({
        userId: principal.userId,
        reason: 'missing-permission',
        permission: required ?? null,
        resourceType: asNotFound?.resourceType ?? null,
        resourceId: typeof recordId === 'string' && UUID.test(recordId) ? recordId : null,
        method: req.method,
        route: (req.route as { path?: string } | undefined)?.path ?? null,
      }),
    );
    if (asNotFound && typeof recordId === 'string') throw new NotFoundError(asNotFound.resourceType, recordId);
    throw new PermissionRequiredError(required ?? 'a declared permission');
  }

  private rulesOf(context: ExecutionContext): RouteRules {
    const handler = context.getHandler();
    const controller = context.getClass();
    let ofController = this.routes.get(controller);
    if (!ofController) this.routes.set(controller, (ofController = new WeakMap()));
    let rules = ofController.get(handler);
    if (!rules) {
      const targets = [handler, controller];
      const required = this.reflector.getAllAndOverride<string | null | undefined>(REQUIRED_PERMISSION, targets);
      rules = {
        isPublic: Boolean(this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets)),
        required,
        permission: required ? parsePermission(required) : undefined,
        asNotFound: this.reflector.getAllAndOverride<RecordRoute | undefined>(REFUSED_AS_NOT_FOUND, targets),
      };
      ofController.set(handler, rules);
    }
    return rules;
  }

  /**
   * Passport's outcome as ours: a failure becomes InvalidTokenError (problem
   * details with our code), never passport's UnauthorizedException.
   */
  override handleRequest<T>(err: unknown, user: T | false): T {
    if (err instanceof DomainError) throw err;
    if (err || !user) throw new InvalidTokenError();
    return user;
  }

  /** The token's claims: from the cache when verified before, else through the strategy. */
  private async verify(context: ExecutionContext, req: Request, token: string): Promise<VerifiedAccessToken> {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAtMs) return known;
      this.verified.forget(token);
      await this.refusals.record(token, known.userId, 'token-expired', anonymousActorOf(req));
      throw new InvalidTokenError(EXPIRED);
    }
    try {
      await super.canActivate(context);
    } catch (error) {
      const signed = error instanceof InvalidTokenError ? this.tokens.signedRefusalOf(token) : undefined;
      if (!signed) throw error;
      await this.refusals.record(token, signed.userId, signed.reason, anonymousActorOf(req));
      throw new InvalidTokenError(signed.reason === 'token-expired' ? EXPIRED : undefined);
    }
    const claims = req.user as VerifiedAccessToken;
    this.verified.remember(token, claims);
    return claims;
  }
}

/** Why a verified token's session no longer admits it, or undefined when it does. */
function endedBecause(
  claims: VerifiedAccessToken,
  session: SessionState | null,
  user: UserSnapshot | null,
  now: Date,
  idleTimeoutSeconds: number,
): LoginFailureReason | undefined {
  if (!session || session.userId !== claims.userId) return 'session-ended';
  const end = sessionEndReason(session, now, idleTimeoutSeconds);
  if (end === 'idle') return 'session-idle';
  if (end) return 'session-ended';
  if (!user || user.status === 'deactivated') return 'deactivated';
  // A lock keeps failing sign-ins out, not the user's open sessions (ADR 21): ending them would hand
  // whoever fails on the account a way to throw its user out.
  return undefined;
}

/** Who tried, for the audit of a refused token: not signed in, known by address and agent, as at login. */
function anonymousActorOf(req: Request): Actor {
  return anonymousActor(req.ip, req.get('user-agent')?.slice(0, 500));
}
