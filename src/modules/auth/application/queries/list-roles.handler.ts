import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RoleRepository } from '../../infrastructure/role.repository.js';
import { toRoleView, type RoleView } from '../role-view.js';
import { ListRoles } from './list-roles.query.js';

@QueryHandler(ListRoles)
export class ListRolesHandler implements IQueryHandler<ListRoles, RoleView[]> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly roles: RoleRepository,
  ) {}

  async execute(): Promise<RoleView[]> {
    const rows = await this.roles.list(this.dataSource.manager);
    return rows.map((r) => toRoleView(r, r.user_count));
  }
}
