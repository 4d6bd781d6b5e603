import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { RoleRepository } from '../../infrastructure/role.repository.js';
import { toRoleView, type RoleView } from '../role-view.js';
import { GetRole } from './get-role.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

@QueryHandler(GetRole)
export class GetRoleHandler implements IQueryHandler<GetRole, RoleView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly roles: RoleRepository,
  ) {}

  async execute({ roleId }: GetRole): Promise<RoleView> {
    const row = await this.roles.findById(this.uow.manager(), roleId);
    if (!row) throw new NotFoundError('Role', roleId);
    return toRoleView(row, await this.roles.countHolders(this.uow.manager(), roleId));
  }
}
