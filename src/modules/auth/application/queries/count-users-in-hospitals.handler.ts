import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserRepository } from '../../infrastructure/user.repository.js';
import { CountUsersInHospitals } from './count-users-in-hospitals.query.js';

@QueryHandler(CountUsersInHospitals)
export class CountUsersInHospitalsHandler implements IQueryHandler<CountUsersInHospitals, number> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserRepository,
  ) {}

  execute({ hospitalIds }: CountUsersInHospitals): Promise<number> {
    if (hospitalIds.length === 0) return Promise.resolve(0);
    return this.users.countInHospitals(this.dataSource.manager, hospitalIds);
  }
}
