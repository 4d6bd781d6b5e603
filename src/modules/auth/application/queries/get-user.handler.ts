import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UserRepository } from '../../infrastructure/user.repository.js';
import { UserReadScope } from '../user-read-scope.js';
import { toUserView, type UserView } from '../user-view.js';
import { GetUser } from './get-user.query.js';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';

@QueryHandler(GetUser)
export class GetUserHandler implements IQueryHandler<GetUser, UserView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly scope: UserReadScope,
  ) {}

  async execute({ userId, ability, actor }: GetUser): Promise<UserView> {
    const row = await this.users.findWithRoles(this.uow.manager(), userId);
    if (!row) throw new NotFoundError('User', userId);
    await this.scope.assertReadable(ability, actor, row);
    return toUserView(row);
  }
}
