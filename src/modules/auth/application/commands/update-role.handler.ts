import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, PreconditionRequiredError, VersionMismatchError } from '@hms/ddd';
import { UnitOfWork } from '../../../../infrastructure/database/unit-of-work.js';
import { CannotGrantError, SelfGrantError, UnknownPermissionError } from '../../domain/auth-errors.js';
import { diffSets } from '../../domain/change-set.js';
import { ungrantable, unknownPermissions } from '../../domain/grant-policy.js';
import { RoleUpdated } from '../../domain/role-events.js';
import { assertEditable } from '../../domain/role-policy.js';
import { AuthStateStore } from '../../infrastructure/auth-state.store.js';
import { RoleRepository } from '../../infrastructure/role.repository.js';
import { PERMISSION_CATALOGUE, PermissionCatalogue } from '../permission-catalogue.js';
import { toRoleView, type RoleView } from '../role-view.js';
import { auditSelfGrant } from '../self-grant-refusal.js';
import { UpdateRole } from './update-role.command.js';

/**
 * Edits a role's description and permissions. Added permissions must be in
 * the catalogue, grantable by the caller, and not for a role the caller holds
 * (audited when tried); permissions already on the role may stay or go.
 * Every holder's next request sees the change.
 */
@CommandHandler(UpdateRole)
export class UpdateRoleHandler implements ICommandHandler<UpdateRole, RoleView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly roles: RoleRepository,
    private readonly authState: AuthStateStore,
    @Inject(PERMISSION_CATALOGUE) private readonly catalogue: PermissionCatalogue,
  ) {}

  async execute({ principal, actor, roleId, expectedVersion, changes }: UpdateRole): Promise<RoleView> {
    if (expectedVersion === undefined) throw new PreconditionRequiredError();
    const { view, holders } = await this.uow
      .run(actor, async (tx) => {
        const role = await this.roles.findById(tx.manager, roleId, true);
        if (!role) throw new NotFoundError('Role', roleId);
        if (role.version !== expectedVersion) throw new VersionMismatchError('Role', expectedVersion, role.version);
        assertEditable({ name: role.name, builtIn: role.built_in });

        const permissions = changes.permissions ? [...new Set(changes.permissions)].sort() : role.permissions;
        const { added, removed } = diffSets(role.permissions, permissions);
        const unknown = unknownPermissions(this.catalogue.all, added);
        if (unknown.length) throw new UnknownPermissionError(unknown);
        if (added.length > 0 && principal.roles.includes(role.name)) throw new SelfGrantError('permissions');
        const refused = ungrantable(principal, added);
        if (refused.length) throw new CannotGrantError(refused);
        const descriptionChanged = changes.description !== undefined && changes.description !== role.description;
        const permissionsChanged = added.length > 0 || removed.length > 0;

        if (descriptionChanged || permissionsChanged) {
          const version = await this.roles.update(tx.manager, roleId, {
            description: descriptionChanged ? changes.description : undefined,
            permissions: permissionsChanged ? permissions : undefined,
          });
          tx.record(new RoleUpdated(roleId, version, { name: role.name, added, removed, descriptionChanged }));
        }
        const row = (await this.roles.findById(tx.manager, roleId))!;
        const holderIds = await this.roles.holders(tx.manager, roleId);
        return { view: toRoleView(row, holderIds.length), holders: permissionsChanged ? holderIds : [] };
      })
      .catch(
        auditSelfGrant(this.uow, actor, {
          userId: principal.userId,
          permission: 'roles:manage',
          resourceType: 'Role',
          resourceId: roleId,
        }),
      );
    await this.authState.forgetUsers(holders);
    return view;
  }
}
