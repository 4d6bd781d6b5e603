import { Query } from '@nestjs/cqrs';
import type { DepartmentView } from '../department-view.js';

export class GetDepartment extends Query<DepartmentView> {
  constructor(
    readonly hospitalId: string,
    readonly departmentId: string,
  ) {
    super();
  }
}
