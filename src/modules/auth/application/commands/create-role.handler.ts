import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { uuidv7 } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { CannotGrantError, RoleNameTakenError, UnknownPermissionError } from '../../domain/auth-errors.js';
import { ungrantable, unknownPermissions } from '../../domain/grant-policy.js';
import { RoleCreated } from '../../domain/role-events.js';
import { RoleRepository } from '../../infrastructure/role.repository.js';
import { PERMISSION_CATALOGUE, PermissionCatalogue } from '../permission-catalogue.js';
import { toRoleView, type RoleView } from '../role-view.js';
import { CreateRole } from './create-role.command.js';
import { sqlStateOf } from '../../../../infrastructure/database/sql-state.js';

/** A new role from catalogue permissions the caller holds themselves. */
@CommandHandler(CreateRole)
export class CreateRoleHandler implements ICommandHandler<CreateRole, RoleView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly roles: RoleRepository,
    @Inject(PERMISSION_CATALOGUE) private readonly catalogue: PermissionCatalogue,
  ) {}

  async execute({ principal, actor, name, description, permissions: requested }: CreateRole): Promise<RoleView> {
    const permissions = [...new Set(requested)].sort();
    const unknown = unknownPermissions(this.catalogue.all, permissions);
    if (unknown.length) throw new UnknownPermissionError(unknown);
    const refused = ungrantable(principal, permissions);
    if (refused.length) throw new CannotGrantError(refused);

    return this.uow.run(actor, async (tx) => {
      if ((await this.roles.findByNames(tx.manager, [name])).length) throw new RoleNameTakenError(name);
      const id = uuidv7();
      try {
        await this.roles.insert(tx.manager, { id, name, description, permissions });
      } catch (error) {
        // A concurrent create with the same name got there first.
        if (sqlStateOf(error) === '23505') throw new RoleNameTakenError(name);
        throw error;
      }
      tx.record(new RoleCreated(id, name, permissions));
      const row = await this.roles.findById(tx.manager, id);
      return toRoleView(row!, 0);
    });
  }
}
