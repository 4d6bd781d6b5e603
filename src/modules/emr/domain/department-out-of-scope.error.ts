import { DomainError } from '@hms/ddd';

/** The new encounter would lie outside the writer's emr:write scope (another department or hospital). */
export class DepartmentOutOfScopeError extends DomainError<'EMR.DEPARTMENT_OUT_OF_SCOPE'> {
  readonly code = 'EMR.DEPARTMENT_OUT_OF_SCOPE' as const;

  constructor(hospitalId: string, departmentId: string) {
    super('You may not record encounters for this department. Nothing was recorded.', { hospitalId, departmentId });
  }
}
