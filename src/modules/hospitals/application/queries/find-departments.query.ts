import { Query } from '@nestjs/cqrs';
import type { DepartmentPage } from '../department-view.js';

export class FindDepartments extends Query<DepartmentPage> {
  constructor(
    readonly hospitalId: string,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}
