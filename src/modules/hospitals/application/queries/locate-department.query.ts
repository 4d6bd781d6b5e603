import { Query } from '@nestjs/cqrs';
import type { DepartmentView } from '../department-view.js';

/**
 * A department by its id alone, or NotFound: for a context that is given a
 * department and must learn its hospital (and so its time zone). Part of
 * the hospitals context's public contract.
 */
export class LocateDepartment extends Query<DepartmentView> {
  constructor(readonly departmentId: string) {
    super();
  }
}
