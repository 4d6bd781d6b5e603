import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { DepartmentRepository } from '../../infrastructure/department.repository.js';
import { HospitalRepository } from '../../infrastructure/hospital.repository.js';
import { type DepartmentPage, toDepartmentView } from '../department-view.js';
import { FindDepartments } from './find-departments.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

/** The departments of one hospital, by code; an unknown hospital answers 404 rather than an empty page. */
@QueryHandler(FindDepartments)
export class FindDepartmentsHandler implements IQueryHandler<FindDepartments, DepartmentPage> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hospitals: HospitalRepository,
    private readonly departments: DepartmentRepository,
  ) {}

  async execute({ hospitalId, page, pageSize }: FindDepartments): Promise<DepartmentPage> {
    const db = this.uow.manager();
    if (!(await this.hospitals.findById(db, hospitalId))) throw new NotFoundError('Hospital', hospitalId);
    const { rows, total } = await this.departments.list(db, hospitalId, page, pageSize);
    return { items: rows.map(toDepartmentView), total, page, pageSize };
  }
}
