import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, PurposeOfUse } from '@hms/authz';
import type { Request } from 'express';
import type { PatientEditor, PatientReader } from '../application/patient-reader.js';
import { purposeOfUseOf } from './purpose-of-use.js';

function editorOf(req: Request & AuthenticatedRequest): PatientEditor {
  const { actor, principal, ability } = req;
  if (!actor || !principal || !ability) throw new Error('a patient route without authentication');
  return { actor, principal, ability };
}

/** Who changes patient data: the authenticated caller. */
export const CurrentEditor = createParamDecorator((_data: unknown, ctx: ExecutionContext): PatientEditor =>
  editorOf(ctx.switchToHttp().getRequest()),
);

/**
 * Who reads patient data and why: the authenticated caller with the request's validated
 * X-Purpose-Of-Use; `@CurrentReader('PATADMIN')` names the route's default instead of TREAT.
 */
export const CurrentReader = createParamDecorator((absent: PurposeOfUse | undefined, ctx: ExecutionContext): PatientReader => {
  const req = ctx.switchToHttp().getRequest<Request & AuthenticatedRequest>();
  return { ...editorOf(req), purposeOfUse: purposeOfUseOf(req.get('x-purpose-of-use'), absent) };
});
