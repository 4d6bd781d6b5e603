import { Query } from '@nestjs/cqrs';
import type { PermissionDefinition } from '@hms/authz';

export class ListPermissions extends Query<readonly PermissionDefinition[]> {}
