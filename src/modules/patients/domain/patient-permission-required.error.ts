import { DomainError } from '@hms/ddd';

/**
 * A command sent without the route guard in front of it (from another
 * context) by a caller who lacks the permission it needs: the guard's 403.
 */
export class PatientPermissionRequiredError extends DomainError<'PATIENT.PERMISSION_REQUIRED'> {
  readonly code = 'PATIENT.PERMISSION_REQUIRED' as const;

  constructor(permission: string) {
    super(`This action requires the permission ${permission}`, { permission });
  }
}
