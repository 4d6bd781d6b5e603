import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { isDoctorProfession } from '../../domain/practitioner-profession.js';
import { UserRepository } from '../../infrastructure/user.repository.js';
import { GetPractitioner, type PractitionerView } from './get-practitioner.query.js';

/** Reads through the unit of work's manager: sent from a command, it runs in that command's transaction (ADR 15). */
@QueryHandler(GetPractitioner)
export class GetPractitionerHandler implements IQueryHandler<GetPractitioner, PractitionerView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
  ) {}

  async execute({ userId }: GetPractitioner): Promise<PractitionerView> {
    const user = await this.users.findById(this.uow.manager(), userId);
    if (!user) throw new NotFoundError('User', userId);
    return {
      id: user.id,
      profession: user.profession,
      isDoctor: isDoctorProfession(user.profession),
      hospitalId: user.hospital_id,
      departmentId: user.department_id,
      status: user.status,
    };
  }
}
