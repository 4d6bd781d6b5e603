import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AppAbility, AuthenticatedRequest, Principal, PurposeOfUse } from '@hms/authz';
import type { Actor } from '@hms/ddd';
import type { Request } from 'express';
import { purposeOfUseOf } from './purpose-of-use.js';

/** Who changes patient data: what a write needs to decide the caller's scope and to audit (patients' PatientEditor). */
export interface RequestEditor {
  readonly actor: Actor;
  readonly principal: Principal;
  readonly ability: AppAbility;
}

/** Who reads patient data, and why (patients' PatientReader). */
export interface RequestReader extends RequestEditor {
  readonly purposeOfUse: PurposeOfUse;
}

function editorOf(req: Request & AuthenticatedRequest): RequestEditor {
  const { actor, principal, ability } = req;
  if (!actor || !principal || !ability) throw new Error('a patient data route without authentication');
  return { actor, principal, ability };
}

/** Who changes patient data: the authenticated caller. */
export const CurrentEditor = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestEditor =>
  editorOf(ctx.switchToHttp().getRequest()),
);

/**
 * Who reads patient data and why: the authenticated caller with the request's validated
 * X-Purpose-Of-Use; `@CurrentReader('PATADMIN')` names the route's default instead of TREAT.
 * Shared by every context that serves patient data.
 */
export const CurrentReader = createParamDecorator((absent: PurposeOfUse | undefined, ctx: ExecutionContext): RequestReader => {
  const req = ctx.switchToHttp().getRequest<Request & AuthenticatedRequest>();
  return { ...editorOf(req), purposeOfUse: purposeOfUseOf(req.get('x-purpose-of-use'), absent) };
});
