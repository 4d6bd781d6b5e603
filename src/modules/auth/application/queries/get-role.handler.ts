import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@hms/ddd';
import { DataSource } from 'typeorm';
import { RoleRepository } from '../../infrastructure/role.repository.js';
import { toRoleView, type RoleView } from '../role-view.js';
import { GetRole } from './get-role.query.js';

@QueryHandler(GetRole)
export class GetRoleHandler implements IQueryHandler<GetRole, RoleView> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly roles: RoleRepository,
  ) {}

  async execute({ roleId }: GetRole): Promise<RoleView> {
    const row = await this.roles.findById(this.dataSource.manager, roleId);
    if (!row) throw new NotFoundError('Role', roleId);
    return toRoleView(row, await this.roles.countHolders(this.dataSource.manager, roleId));
  }
}
