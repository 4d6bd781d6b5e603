import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, uuidv7 } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { checkDepartmentDetails } from '../../domain/department-details.js';
import { DepartmentCodeTakenError } from '../../domain/department-code-taken.error.js';
import { DepartmentCreated } from '../../domain/department-created.event.js';
import { DEPARTMENT_CODE_KEY, DepartmentRepository } from '../../infrastructure/department.repository.js';
import { HospitalRepository } from '../../infrastructure/hospital.repository.js';
import { constraintOf } from '../../../../infrastructure/database/sql-state.js';
import { toDepartmentView, type DepartmentView } from '../department-view.js';
import { CreateDepartment } from './create-department.command.js';

@CommandHandler(CreateDepartment)
export class CreateDepartmentHandler implements ICommandHandler<CreateDepartment, DepartmentView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hospitals: HospitalRepository,
    private readonly departments: DepartmentRepository,
  ) {}

  async execute({ actor, hospitalId, details }: CreateDepartment): Promise<DepartmentView> {
    checkDepartmentDetails(details);
    const id = uuidv7();
    try {
      return await this.uow.run(actor, async (tx) => {
        // The share lock keeps the hospital from being deleted (with its batch) under the new department.
        if (!(await this.hospitals.existsForShare(tx.manager, hospitalId))) throw new NotFoundError('Hospital', hospitalId);
        if (await this.departments.codeTaken(tx.manager, hospitalId, details.code)) {
          throw new DepartmentCodeTakenError(hospitalId, details.code);
        }
        await this.departments.insert(tx.manager, { id, hospitalId, ...details });
        tx.record(new DepartmentCreated(id, hospitalId));
        const row = await this.departments.findById(tx.manager, hospitalId, id);
        if (!row) throw new NotFoundError('Department', id);
        return toDepartmentView(row);
      });
    } catch (error) {
      // Two requests with the same code at once: the unique index decides.
      if (constraintOf(error) === DEPARTMENT_CODE_KEY) throw new DepartmentCodeTakenError(hospitalId, details.code);
      throw error;
    }
  }
}
