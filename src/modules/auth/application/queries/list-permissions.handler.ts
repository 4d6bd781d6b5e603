import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { PermissionDefinition } from '@hms/authz';
import { PERMISSION_CATALOGUE, PermissionCatalogue } from '../permission-catalogue.js';
import { ListPermissions } from './list-permissions.query.js';

@QueryHandler(ListPermissions)
export class ListPermissionsHandler implements IQueryHandler<ListPermissions, readonly PermissionDefinition[]> {
  constructor(@Inject(PERMISSION_CATALOGUE) private readonly catalogue: PermissionCatalogue) {}

  execute(): Promise<readonly PermissionDefinition[]> {
    return Promise.resolve([...this.catalogue.definitions].sort((a, b) => a.name.localeCompare(b.name)));
  }
}
