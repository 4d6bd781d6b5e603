import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '@hms/authz';
import type { Request } from 'express';
import type { PatientReader } from '../application/patient-reader.js';
import { purposeOfUseOf } from './purpose-of-use.js';

/** Who reads patient data and why: the authenticated caller with the request's validated X-Purpose-Of-Use. */
export const CurrentReader = createParamDecorator((_data: unknown, ctx: ExecutionContext): PatientReader => {
  const req = ctx.switchToHttp().getRequest<Request & AuthenticatedRequest>();
  const { actor, principal, ability } = req;
  if (!actor || !principal || !ability) throw new Error('CurrentReader used on a route without authentication');
  return { actor, principal, ability, purposeOfUse: purposeOfUseOf(req.get('x-purpose-of-use')) };
});
