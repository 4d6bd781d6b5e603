import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { DepartmentRepository } from '../../infrastructure/department.repository.js';
import { type DepartmentView, toDepartmentView } from '../department-view.js';
import { LocateDepartment } from './locate-department.query.js';

@QueryHandler(LocateDepartment)
export class LocateDepartmentHandler implements IQueryHandler<LocateDepartment, DepartmentView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly departments: DepartmentRepository,
  ) {}

  async execute({ departmentId }: LocateDepartment): Promise<DepartmentView> {
    const row = await this.departments.locate(this.uow.manager(), departmentId);
    if (!row) throw new NotFoundError('Department', departmentId);
    return toDepartmentView(row);
  }
}
