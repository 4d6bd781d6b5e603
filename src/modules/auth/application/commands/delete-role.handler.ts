import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { RoleInUseError } from '../../domain/auth-errors.js';
import { RoleDeleted } from '../../domain/role-events.js';
import { assertDeletable } from '../../domain/role-policy.js';
import { RoleRepository } from '../../infrastructure/role.repository.js';
import { DeleteRole } from './delete-role.command.js';
import { sqlStateOf } from '../../../../infrastructure/database/sql-state.js';

@CommandHandler(DeleteRole)
export class DeleteRoleHandler implements ICommandHandler<DeleteRole, void> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly roles: RoleRepository,
  ) {}

  async execute({ actor, roleId }: DeleteRole): Promise<void> {
    await this.uow.run(actor, async (tx) => {
      // The row lock makes a concurrent assignment of this role wait for us (its foreign key check), then fail.
      const role = await this.roles.findById(tx.manager, roleId, true);
      if (!role) throw new NotFoundError('Role', roleId);
      const holderCount = await this.roles.countHolders(tx.manager, roleId);
      assertDeletable({ name: role.name, builtIn: role.built_in }, holderCount);
      try {
        await this.roles.delete(tx.manager, roleId);
      } catch (error) {
        // Assigned after we counted (user_roles restricts the delete).
        if (sqlStateOf(error) === '23503') throw new RoleInUseError(holderCount + 1);
        throw error;
      }
      tx.record(new RoleDeleted(roleId, role.version + 1, role.name));
    });
  }
}
