import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { DepartmentRepository } from '../../infrastructure/department.repository.js';
import { toDepartmentView, type DepartmentView } from '../department-view.js';
import { GetDepartment } from './get-department.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

/** A department is found only under its own hospital: another hospital's id answers 404. */
@QueryHandler(GetDepartment)
export class GetDepartmentHandler implements IQueryHandler<GetDepartment, DepartmentView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly departments: DepartmentRepository,
  ) {}

  async execute({ hospitalId, departmentId }: GetDepartment): Promise<DepartmentView> {
    const row = await this.departments.findById(this.uow.manager(), hospitalId, departmentId);
    if (!row) throw new NotFoundError('Department', departmentId);
    return toDepartmentView(row);
  }
}
