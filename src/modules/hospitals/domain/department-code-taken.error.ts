import { DomainError } from '@hms/ddd';

export class DepartmentCodeTakenError extends DomainError<'HOSPITAL.DEPARTMENT_CODE_TAKEN'> {
  readonly code = 'HOSPITAL.DEPARTMENT_CODE_TAKEN' as const;
  constructor(hospitalId: string, code: string) {
    super(`Another department of this hospital already has the code ${code} (codes are unique whatever their case)`, {
      hospitalId,
      // Not `code`: that member of a problem is the error's code.
      departmentCode: code,
    });
  }
}
