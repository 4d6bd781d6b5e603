import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserRepository } from '../../infrastructure/user.repository.js';
import { CountUsersInHospitals } from './count-users-in-hospitals.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

@QueryHandler(CountUsersInHospitals)
export class CountUsersInHospitalsHandler implements IQueryHandler<CountUsersInHospitals, number> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
  ) {}

  execute({ hospitalIds }: CountUsersInHospitals): Promise<number> {
    if (hospitalIds.length === 0) return Promise.resolve(0);
    return this.users.countInHospitals(this.uow.manager(), hospitalIds);
  }
}
