import { DomainError } from '@hms/ddd';

/** The hospital does not exist, or the department is not one of its departments. */
export class UnknownServiceProviderError extends DomainError<'EMR.UNKNOWN_SERVICE_PROVIDER'> {
  readonly code = 'EMR.UNKNOWN_SERVICE_PROVIDER' as const;

  constructor(hospitalId: string, departmentId: string) {
    super('No such hospital, or no such department in it. Nothing was recorded.', { hospitalId, departmentId });
  }
}
