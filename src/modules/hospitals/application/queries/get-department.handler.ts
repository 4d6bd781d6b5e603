import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@hms/ddd';
import { DataSource } from 'typeorm';
import { DepartmentRepository } from '../../infrastructure/department.repository.js';
import { toDepartmentView, type DepartmentView } from '../department-view.js';
import { GetDepartment } from './get-department.query.js';

/** A department is found only under its own hospital: another hospital's id answers 404. */
@QueryHandler(GetDepartment)
export class GetDepartmentHandler implements IQueryHandler<GetDepartment, DepartmentView> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly departments: DepartmentRepository,
  ) {}

  async execute({ hospitalId, departmentId }: GetDepartment): Promise<DepartmentView> {
    const row = await this.departments.findById(this.dataSource.manager, hospitalId, departmentId);
    if (!row) throw new NotFoundError('Department', departmentId);
    return toDepartmentView(row);
  }
}
