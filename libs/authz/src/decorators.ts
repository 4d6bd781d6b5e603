import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Actor } from '@hms/ddd';
import type { AppAbility } from './ability.js';
import { parsePermission } from './permission.js';
import type { Principal } from './principal.js';

export const REQUIRED_PERMISSION = 'hms:required-permission';
export const REFUSED_AS_NOT_FOUND = 'hms:refused-as-not-found';
export const IS_PUBLIC = 'hms:public';
/**
 * OpenAPI mark of an operation that never answers 403 (its refusal is the record's 404), so the
 * document's generic problem responses add none; the document builder removes the mark.
 */
export const NO_FORBIDDEN_RESPONSE = 'x-hms-no-forbidden-response';
export const BEARER_SCHEME = 'bearer';

/** What the authentication guard attaches to the request. */
export interface AuthenticatedRequest {
  principal?: Principal;
  ability?: AppAbility;
  /** The principal as the actor of commands and events (with address and user agent). */
  actor?: Actor;
}

const problem = { $ref: '#/components/schemas/ProblemDetails' };

/** A route that reads one record named by a path parameter. */
export interface RecordRoute {
  /** The record's type, as its 404 names it (`Patient`). */
  readonly resourceType: string;
  /** The path parameter holding its id. */
  readonly param: string;
}

export interface RequirePermissionOptions {
  /**
   * A caller without the permission gets the record's 404 rather than a 403,
   * audited with the record's id: the same answer as a record out of scope,
   * so every refused read of a patient looks alike and names the patient in
   * the audit trail (ADR 25).
   */
  readonly refusedAsNotFound?: RecordRoute;
}

/**
 * The one decorator a protected route needs: the guard requires the
 * permission (any scope of it), and OpenAPI documents bearer security and
 * the 401/403 answers (401 only on a route refused as not found).
 */
export function RequirePermission(permission: string, options: RequirePermissionOptions = {}) {
  const parsed = parsePermission(permission);
  if (!parsed || permission.split(':').length !== 2) {
    throw new Error(`RequirePermission takes resource:action without scope, got "${permission}"`);
  }
  const refusal = options.refusedAsNotFound
    ? applyDecorators(SetMetadata(REFUSED_AS_NOT_FOUND, options.refusedAsNotFound), ApiExtension(NO_FORBIDDEN_RESPONSE, true))
    : ApiForbiddenResponse({
        description: `Requires ${permission}`,
        content: { 'application/problem+json': { schema: problem } },
      });
  return applyDecorators(
    SetMetadata(REQUIRED_PERMISSION, permission),
    ApiBearerAuth(BEARER_SCHEME),
    ApiUnauthorizedResponse({
      description: 'Missing, expired or invalid access token',
      content: { 'application/problem+json': { schema: problem } },
    }),
    refusal,
  );
}

/** A route that needs a valid token but no particular permission (e.g. GET /auth/me). */
export function Authenticated() {
  return applyDecorators(
    SetMetadata(REQUIRED_PERMISSION, null),
    ApiBearerAuth(BEARER_SCHEME),
    ApiUnauthorizedResponse({
      description: 'Missing, expired or invalid access token',
      content: { 'application/problem+json': { schema: problem } },
    }),
  );
}

/** Routes are closed by default; this opens one to anonymous callers. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});

export const CurrentAbility = createParamDecorator((_data: unknown, ctx: ExecutionContext): AppAbility => {
  const ability = ctx.switchToHttp().getRequest<AuthenticatedRequest>().ability;
  if (!ability) throw new Error('CurrentAbility used on a route without authentication');
  return ability;
});

export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
