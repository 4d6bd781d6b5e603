import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, PreconditionRequiredError, VersionMismatchError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { checkDepartmentDetails, type DepartmentDetails } from '../../domain/department-details.js';
import { DepartmentCodeTakenError } from '../../domain/department-code-taken.error.js';
import { DepartmentUpdated } from '../../domain/department-updated.event.js';
import { DEPARTMENT_CODE_KEY, DepartmentRepository } from '../../infrastructure/department.repository.js';
import { constraintOf } from '../../../../infrastructure/database/sql-state.js';
import { toDepartmentView, type DepartmentView } from '../department-view.js';
import { UpdateDepartment } from './update-department.command.js';

@CommandHandler(UpdateDepartment)
export class UpdateDepartmentHandler implements ICommandHandler<UpdateDepartment, DepartmentView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly departments: DepartmentRepository,
  ) {}

  async execute({ actor, hospitalId, departmentId, expectedVersion, changes }: UpdateDepartment): Promise<DepartmentView> {
    if (expectedVersion === undefined) throw new PreconditionRequiredError();
    checkDepartmentDetails(changes);
    try {
      return await this.uow.run(actor, async (tx) => {
        const department = await this.departments.findById(tx.manager, hospitalId, departmentId, true);
        if (!department) throw new NotFoundError('Department', departmentId);
        if (department.version !== expectedVersion) {
          throw new VersionMismatchError('Department', expectedVersion, department.version);
        }
        const fields = (['name', 'code'] as (keyof DepartmentDetails)[]).filter(
          (field) => changes[field] !== undefined && changes[field] !== department[field],
        );
        if (changes.code !== undefined && fields.includes('code')) {
          if (await this.departments.codeTaken(tx.manager, hospitalId, changes.code, departmentId)) {
            throw new DepartmentCodeTakenError(hospitalId, changes.code);
          }
        }
        if (fields.length > 0) {
          const version = await this.departments.update(
            tx.manager,
            departmentId,
            Object.fromEntries(fields.map((field) => [field, changes[field]])),
          );
          tx.record(new DepartmentUpdated(departmentId, version, hospitalId, fields));
        }
        const row = await this.departments.findById(tx.manager, hospitalId, departmentId);
        if (!row) throw new NotFoundError('Department', departmentId);
        return toDepartmentView(row);
      });
    } catch (error) {
      if (constraintOf(error) === DEPARTMENT_CODE_KEY) throw new DepartmentCodeTakenError(hospitalId, changes.code ?? '');
      throw error;
    }
  }
}
