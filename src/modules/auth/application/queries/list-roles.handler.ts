import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RoleRepository } from '../../infrastructure/role.repository.js';
import { toRoleView, type RoleView } from '../role-view.js';
import { ListRoles } from './list-roles.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

@QueryHandler(ListRoles)
export class ListRolesHandler implements IQueryHandler<ListRoles, RoleView[]> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly roles: RoleRepository,
  ) {}

  async execute(): Promise<RoleView[]> {
    const rows = await this.roles.list(this.uow.manager());
    return rows.map((r) => toRoleView(r, r.user_count));
  }
}
