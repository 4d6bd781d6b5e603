import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { UserCreator } from '../user-creator.js';
import type { UserView } from '../user-view.js';
import { UserViews } from '../user-views.js';
import { CreateUser } from './create-user.command.js';

/** An administrator creates a staff account, with roles whose permissions they hold themselves. */
@CommandHandler(CreateUser)
export class CreateUserHandler implements ICommandHandler<CreateUser, UserView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly creator: UserCreator,
    private readonly views: UserViews,
  ) {}

  async execute({ principal, actor, input }: CreateUser): Promise<UserView> {
    const user = await this.creator.hashed({ ...input, roles: [...new Set(input.roles)] });
    return this.uow.run(actor, async (tx) => {
      const id = await this.creator.create(tx, user, principal);
      return this.views.load(tx.manager, id);
    });
  }
}
