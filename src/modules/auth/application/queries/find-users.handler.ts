import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { abilityToSql } from '@hms/authz';
import { UserRepository } from '../../infrastructure/user.repository.js';
import { toUserView, type UserPage } from '../user-view.js';
import { FindUsers } from './find-users.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

/** Staff accounts, filtered in SQL by the same scope a single GET checks (users:read:hospital sees one hospital). */
@QueryHandler(FindUsers)
export class FindUsersHandler implements IQueryHandler<FindUsers, UserPage> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
  ) {}

  async execute({ filter, ability }: FindUsers): Promise<UserPage> {
    const scope = abilityToSql(ability, 'read', 'users', { hospitalIds: (p) => `u.hospital_id = ${p}` });
    const { rows, total } = await this.users.search(this.uow.manager(), filter, scope);
    return { items: rows.map(toUserView), total, page: filter.page, pageSize: filter.pageSize };
  }
}
